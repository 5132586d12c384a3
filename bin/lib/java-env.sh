# Sourced by bin/sot-backup, bin/test and .ci/run: selects a JDK >= 21 and checks Maven is present.
# The machine's default JDK may be older (17 on ours); a newer one usually sits beside it under /usr/lib/jvm.

java_major() {
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

select_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      SOT_JAVA_MAJOR="$major"
      # Maven 3.8's bundled Guava warns about sun.misc.Unsafe on JDK 24+; the warnings are noise, not errors.
      if [ "$major" -ge 24 ]; then
        export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
      fi
      return 0
    fi
  done
  echo "sot-backup: a JDK 21 or newer is needed (set JAVA_HOME); none found under /usr/lib/jvm" >&2
  return 1
}

require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "sot-backup: installing Maven with apt-get" >&2
      apt-get update -qq >/dev/null && apt-get install -y -qq maven >/dev/null
    fi
  fi
  command -v mvn >/dev/null 2>&1 || { echo "sot-backup: Apache Maven is needed (mvn not on PATH)" >&2; return 1; }
}
