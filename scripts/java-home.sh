# Sourced by run.sh, test.sh and .ci/run: exports JAVA_HOME pointing at a JDK 25 or newer.
# Order: an existing JAVA_HOME if it is 25+, then the usual install locations, then `java` on the PATH.

_java_major() { # prints the major version of the java binary given, or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}

_find_jdk25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* \
                   /usr/lib/jvm/jdk-25* /opt/java/openjdk /Library/Java/JavaVirtualMachines/*/Contents/Home \
                   /usr/lib/jvm/*; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] \
       && [ "$(_java_major "$candidate/bin/java")" -ge 25 ] 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if [ "$(_java_major "$candidate/bin/java")" -ge 25 ] 2>/dev/null; then echo "$candidate"; return 0; fi
  fi
  return 1
}

if JAVA_HOME=$(_find_jdk25); then
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
else
  echo "Giving Stream needs a JDK 25 or newer and found none (looked at JAVA_HOME, /usr/lib/jvm, PATH)." >&2
  echo "Install one (e.g. Eclipse Temurin 25) and set JAVA_HOME to it." >&2
  exit 1
fi
