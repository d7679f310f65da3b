# cert_expect.sh: assertions on a certificate.json, sourced by the certify
# test scripts (tests/certify/certify.sh, tests/certify/certify_env.sh).
# They read $CERT.

# fail TEXT: print the certificate and stop the test
fail() { echo "FAIL: $*"; cat "$CERT" 2>/dev/null || true; exit 1; }
# field ID KEY: one field of one requirement in the certificate
field() { jq -r --arg id "$1" ".requirements[] | select(.id == \$id) | .$2" "$CERT"; }
# expect ID FIELD TEXT: the field holds the text
expect() {
	local got
	got=$(field "$1" "$2")
	case $got in *"$3"*) ;; *) fail "$1 $2 is '$got', expected it to hold '$3'" ;; esac
}
