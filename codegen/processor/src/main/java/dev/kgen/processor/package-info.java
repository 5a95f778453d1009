/**
 * The kgen annotation processor: {@link dev.kgen.processor.KgenProcessor} reads {@code
 * @KgenKernel} declarations ({@code Declaration}), loads each kernel ({@code
 * KernelDefResolver}), binds and specializes it and emits its sources ({@code ConstexprBinder},
 * {@code Specializer}), works out what each parameter is used for ({@code ParamUsage}), and
 * writes the resources ({@code Manifest}) and the launcher ({@code LauncherWriter}, {@code
 * JavaNames}).
 */
package dev.kgen.processor;
