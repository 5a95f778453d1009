/**
 * {@link dev.kgen.launch.annotations.KgenKernel} and {@link
 * dev.kgen.launch.annotations.Specialization}: a project's declaration of the kernel
 * specializations it ships. Source-retention: they leave nothing in the compiled classes; the
 * kgen annotation processor turns them into sources, manifests and launchers.
 */
package dev.kgen.launch.annotations;
