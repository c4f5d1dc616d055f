#!/usr/bin/env bats
# Stored text: valid UTF-8 without control characters, and without the
# bidirectional embeddings, overrides and isolates (U+202A-U+202E,
# U+2066-U+2069) that reorder the rest of a line, so a customer name can
# never make a table row read as something else. Line and paragraph
# separators (U+2028, U+2029) break a line like a newline does. The marks
# (U+200E, U+200F, U+061C) are kept: they are what right-to-left text is
# written with, and no stronger than any Hebrew or Arabic letter.

load helper
bats_require_minimum_version 1.5.0

# Each refused character as UTF-8 bytes, so the locale does not matter.
LRE=$'\xe2\x80\xaa' RLE=$'\xe2\x80\xab' PDF=$'\xe2\x80\xac'
LRO=$'\xe2\x80\xad' RLO=$'\xe2\x80\xae'
LRI=$'\xe2\x81\xa6' RLI=$'\xe2\x81\xa7' FSI=$'\xe2\x81\xa8'
PDI=$'\xe2\x81\xa9'
LSEP=$'\xe2\x80\xa8' PSEP=$'\xe2\x80\xa9'
BIDI=("$LRE" "$RLE" "$PDF" "$LRO" "$RLO" "$LRI" "$RLI" "$FSI" "$PDI")
# Kept: the marks, and a Hebrew and an Arabic name.
LRM=$'\xe2\x80\x8e' RLM=$'\xe2\x80\x8f' ALM=$'\xd8\x9c'
HEBREW=$'\xd7\xa9\xd7\xa8\xd7\x94' ARABIC=$'\xd8\xb3\xd8\xa7\xd8\xb1\xd8\xa9'

@test "text: every bidi control is refused in a customer name" {
	seed
	for c in "${BIDI[@]}"; do
		refuses 2 INVALID_ARGUMENT -- book stylist 2026-06-10T09:00 \
			--duration 1h --customer "ann${c}gnp 00:01"
		refuses 2 INVALID_ARGUMENT -- lock stylist 2026-06-10T09:00 \
			--duration 1h --customer "${c}x"
	done
	run --separate-stderr berth book stylist 2026-06-10T09:00 --duration 1h \
		--customer "a${RLO}b"
	[[ $stderr == *"bidirectional"* ]]
}

@test "text: line and paragraph separators are refused" {
	seed
	for c in "$LSEP" "$PSEP"; do
		refuses 2 INVALID_ARGUMENT -- book stylist 2026-06-10T09:00 \
			--duration 1h --customer "a${c}b"
	done
}

@test "text: bidi controls are refused in every kind of stored text" {
	seed
	b=$(field id -- book workshop 2026-06-10T09:00 --duration 1h)
	refuses 2 INVALID_ARGUMENT -- book stylist 2026-06-10T09:00 \
		--duration 1h --attr "note=a${RLO}b"
	refuses 2 INVALID_ARGUMENT -- book stylist 2026-06-10T09:00 \
		--duration 1h --idempotency-key "k${LRI}"
	refuses 2 INVALID_ARGUMENT -- cancel "$b" --reason "moved${RLO}"
	refuses 2 INVALID_ARGUMENT -- pay "$b" --status paid --ref "r${PDF}"
	refuses 2 INVALID_ARGUMENT -- resource add hall --location "Hall ${RLE}A"
	refuses 2 INVALID_ARGUMENT -- resource set stylist --location "${FSI}x"
	refuses 2 INVALID_ARGUMENT -- resource set stylist --attr "floor=1${PDI}"
	refuses 2 INVALID_ARGUMENT -- --as "ann${RLO}" cancel "$b"
	h=$(field id -- lock workshop 2026-06-10T10:00 --duration 1h)
	refuses 2 INVALID_ARGUMENT -- confirm "$h" --payment-ref "${LRO}x"
	[ "$(field status -- show "$b")" = confirmed ]
}

@test "text: a batch line with a bidi control is refused, the others booked" {
	seed
	printf '{"resource":"stylist","start":"2026-06-10T09:00","duration":"1h","customer":"a%sb"}\n{"resource":"workshop","start":"2026-06-10T09:00","duration":"1h","attrs":{"k":"%sv"}}\n{"resource":"workshop","start":"2026-06-10T10:00","duration":"1h","customer":"ok"}\n' \
		"$RLO" "$LRI" >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr berth book --batch <"$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 2 ]
	[ "$(echo "$output" | jq -r 'select(.error) | .error.code' | sort -u)" = INVALID_ARGUMENT ]
	[ "$(echo "$output" | jq -r 'select(.error) | .line' | tr '\n' ,)" = 1,2, ]
	[ "$(berth --format json list | jq -r '.[].customer')" = ok ]
}

@test "text: right-to-left names and their marks are kept as given" {
	seed
	for name in "$HEBREW" "$ARABIC" "${HEBREW}${RLM} 12" "${ARABIC}${ALM}3" \
		"${LRM}Ann"; do
		b=$(field id -- book workshop 2026-06-10T09:00 --duration 1h \
			--customer "$name" --attr "note=$name")
		[ "$(field customer -- show "$b")" = "$name" ]
		[ "$(berth --format json show "$b" | jq -r .attrs.note)" = "$name" ]
		berth -q cancel "$b" --reason "$name"
	done
	berth -q resource set stylist --location "$HEBREW $RLM"
	[ "$(field location -- resource show stylist)" = "$HEBREW $RLM" ]
}

@test "text: look-alikes of the refused characters are accepted" {
	seed
	# U+2029's neighbours U+202F (narrow no-break space) and U+2065
	# (unassigned, but no control), U+206A (deprecated, not bidi).
	for c in $'\xe2\x80\xaf' $'\xe2\x81\xa5' $'\xe2\x81\xaa' $'\xe2\x80\xa7'; do
		b=$(field id -- book workshop 2026-06-10T09:00 --duration 1h \
			--customer "a${c}b")
		[ "$(field customer -- show "$b")" = "a${c}b" ]
		berth -q cancel "$b"
	done
}
