# The peer benchmark's decision in Rego (regorus). Input: the request JSON as is.
# Money: Rego numbers are not decimals one can trust for CNY, so `charged` is parsed from its
# decimal string into integer fen (1/100 CNY; at most 2 decimals are read); the caps are whole
# yuan, so the fee_cap string is formatted as "<yuan>.00".
package bench

import rego.v1

years := object.get(input, "years", 1)

# `today` is the date of `as_of` in its own offset: the first 10 characters of RFC 3339.
day_ns := 86400000000000

days_left := (time.parse_ns("2006-01-02", input.certificate.expires_on) - time.parse_ns("2006-01-02", substring(input.as_of, 0, 10))) / day_ns

rate_yuan := 300 if input.applicant.kind == "organization"

rate_yuan := 200 if input.applicant.kind == "individual"

cap_yuan := rate_yuan * years

charged_fen := f if {
	parts := split(input.charged, ".")
	count(parts) == 1
	f := to_number(parts[0]) * 100
}

charged_fen := f if {
	parts := split(input.charged, ".")
	count(parts) == 2
	# "1" before the two fen digits: regorus does not read "05" as a number.
	f := ((to_number(parts[0]) * 100) + to_number(concat("", ["1", substring(concat("", [parts[1], "00"]), 0, 2)]))) - 100
}

denials contains "applicant.not_registered" if not input.applicant.registered

denials contains "renewal.outside_window" if {
	input.service == "renewal"
	days_left > 30
}

denials contains "renewal.outside_window" if {
	input.service == "renewal"
	days_left < 0
}

denials contains "bidding.in_progress" if {
	input.service == "renewal"
	object.get(input, ["bidding", "encrypted_bid_uploaded"], false) == true
	not input.bidding.closed
}

denials contains "fee.over_cap" if charged_fen > cap_yuan * 100

decision := {
	"allowed": count(denials) == 0,
	"denials": sort(denials),
	"fee_cap": sprintf("%d.00", [cap_yuan]),
}
