#!/usr/bin/env bash
# Proves the release profile (issue #16): with a throwaway key it builds an APK that is signed with
# that key (not the debug one), not debuggable, without cleartext, versioned from the build, with the
# HTTPS server baked in; and it refuses the debug key, a password on the command line and an http://
# server. Builds into target/release-check (the debug build in target/ is left alone).
# Usage (from the repository root or this folder): android-agent-app/release-check.sh [extra mvn args, e.g. -o]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="$here/target/release-check"
rm -rf "$out"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

KS_PASS="$(head -c 18 /dev/urandom | base64)"
export KS_PASS
keytool -genkeypair -keystore "$work/commune.p12" -storetype PKCS12 -alias commune -keyalg RSA -keysize 2048 \
  -validity 10000 -dname "CN=Commune de Test, O=Mairie, C=FR" -storepass:env KS_PASS -keypass:env KS_PASS

build() { # env… -- mvn args…
  (cd "$root" && mvn -B -q -pl android-agent-app -Dstandalone -Prelease -DskipTests \
     -Dandroid.build.dir="$out/build" "$@" package)
}

export SIGNALEMENT_KEYSTORE="$work/commune.p12" SIGNALEMENT_KEY_ALIAS=commune
export SIGNALEMENT_KEYSTORE_PASSWORD="$KS_PASS" SIGNALEMENT_KEY_PASSWORD="$KS_PASS"
export SIGNALEMENT_VERSION_CODE=4242 SIGNALEMENT_SERVER_URL=https://signalement.mairie-test.fr

refused() { # what, then the build's extra arguments; run in a subshell so exported changes stay there
  local what="$1"; shift
  if (build "$@") >"$out/refused.log" 2>&1; then echo "FAIL: release accepted $what"; exit 1; fi
  grep -q "Release" "$out/refused.log" || { echo "FAIL: $what refused for another reason:"; tail -20 "$out/refused.log"; exit 1; }
  echo "ok: refuses $what"
}
refused "the debug key" -Dandroid.keystore="$here/debug.keystore" -Dandroid.key.alias=androiddebugkey "$@"
refused "a password on the command line" -Dandroid.ks.pass=pass:secret "$@"
refused "an http:// server" -Dsignalement.defaultBackendUrl=http://10.0.2.2:8080 "$@"
refused "a versionCode that is not a number" -Dandroid.versionCode=dev "$@"

build "$@"
apk="$(ls "$out"/build/*.apk)"
certs="$(apksigner verify --verbose --print-certs "$apk")"
badging="$(aapt dump badging "$apk")"
manifest="$(aapt dump xmltree "$apk" AndroidManifest.xml)"
echo "$certs" | grep -q "Verified using v2 scheme (APK Signature Scheme v2): true" || { echo "FAIL: no v2 signature"; exit 1; }
echo "$certs" | grep -q "CN=Commune de Test" || { echo "FAIL: not signed with the commune's key"; echo "$certs"; exit 1; }
if echo "$certs" | grep -qi "Signalement Debug"; then echo "FAIL: debug-signed"; exit 1; fi
if echo "$badging" | grep -q "application-debuggable"; then echo "FAIL: debuggable"; exit 1; fi
echo "$badging" | grep -q "versionCode='4242'" || { echo "FAIL: versionCode not from the build"; echo "$badging" | head -1; exit 1; }
echo "$manifest" | grep -q "usesCleartextTraffic(0x010104ec)=(type 0x12)0x0" || { echo "FAIL: cleartext allowed"; exit 1; }
echo "$manifest" | grep -q "networkSecurityConfig" || { echo "FAIL: no network security config"; exit 1; }
unzip -p "$apk" resources.arsc | grep -aq "https://signalement.mairie-test.fr" || { echo "FAIL: server URL not baked in"; exit 1; }
echo "ok: release APK $apk — commune-signed (v2), not debuggable, no cleartext, versionCode 4242, HTTPS server baked in"
