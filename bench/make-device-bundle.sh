#!/usr/bin/env bash
# Packs what a GPU machine without Java or Maven needs into .device/ (git-ignored): a Java
# runtime, the kgen fat jar, every module's test classes, the JUnit console launcher, and the
# seed's Triton benchmark with its seed document. Name .device in the device tool's `carry`.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
shared="${KGEN_SHARED:-$root/../shared}"
# a small compressed runtime: the whole bundle must stay under the device tool's 64 MiB
if [ ! -x .device/jre/bin/java ]; then
  jdk=$(ls -d /usr/lib/jvm/temurin-2*-jdk-amd64 2>/dev/null | sort | tail -1)
  mkdir -p .device
  "$jdk/bin/jlink" --add-modules java.base,java.logging,jdk.unsupported,java.management,jdk.zipfs \
    --strip-debug --no-header-files --no-man-pages --compress=zip-9 --output .device/jre
fi
./mvnw -q -B -DskipTests package
mkdir -p .device/tests .device/anchor .device/seeds
cp autotune/target/kgen.jar .device/kgen.jar
# a second build for the "given" step's A/B comparison (KGEN_B_JAR=path/to/other/kgen.jar), and the
# configurations both run (KGEN_GIVEN=path/to/an/earlier/kgen-tuned.json)
# (and a third, KGEN_C_JAR, for bench/probes/variants.sh)
rm -f .device/kgen-b.jar .device/kgen-c.jar
# only kgen's own classes: B runs with .device/kgen.jar behind it on the class path for the
# libraries, which keeps the bundle under the device tool's limit
pack_classes() { # jar name
  local jar
  jar=$(realpath "$1")
  rm -rf .device/b && mkdir -p .device/b
  (cd .device/b && unzip -q "$jar" 'dev/*' && zip -q -r "../$2" dev)
  rm -rf .device/b
}
[ -n "${KGEN_B_JAR:-}" ] && pack_classes "$KGEN_B_JAR" kgen-b.jar
[ -n "${KGEN_C_JAR:-}" ] && pack_classes "$KGEN_C_JAR" kgen-c.jar
[ -n "${KGEN_GIVEN:-}" ] && cp "$KGEN_GIVEN" .device/given.json
# and NVIDIA's OpenCL on its own configurations (KGEN_GIVEN_OPENCL=path/to/an/earlier/kgen-opencl-tuned.json)
[ -n "${KGEN_GIVEN_OPENCL:-}" ] && cp "$KGEN_GIVEN_OPENCL" .device/given-opencl.json
# or this build on other configurations (KGEN_GIVEN_B=path/to/configurations.json)
rm -f .device/given-b.json
[ -n "${KGEN_GIVEN_B:-}" ] && cp "$KGEN_GIVEN_B" .device/given-b.json
for m in dsl codegen runtime autotune examples; do
  rm -rf ".device/tests/$m"
  [ -d "$m/target/test-classes" ] && cp -r "$m/target/test-classes" ".device/tests/$m"
done
# the examples' classes (with their build-time launchers and kernel resources) and kgen-launch
rm -rf .device/examples .device/launch
cp -r examples/target/classes .device/examples
cp -r runtime/launch/target/classes .device/launch
junit=$(find ~/.m2/repository/org/junit/platform/junit-platform-console-standalone -name '*.jar' | sort | tail -1)
if [ -z "$junit" ]; then
  ./mvnw -q dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1
  junit=$(find ~/.m2/repository/org/junit/platform/junit-platform-console-standalone -name '*.jar' | sort | tail -1)
fi
cp "$junit" .device/junit.jar
cp "$shared"/anchor/* .device/anchor/
cp "$shared"/seeds/*.txt .device/seeds/
du -sh .device
