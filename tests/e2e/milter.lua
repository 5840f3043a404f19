-- milter.lua -- miltertest script for examples/rcvd-milter.
--
--   miltertest -s milter.lua -D FILTER=/abs/rcvd-milter -D SOCK=/abs/sock -D WITH_R=1|0
--              [-D CONNECT_TRIES=N]
--
-- Drives the filter through two SMTP connections as an MTA would (macros
-- included) and checks the exact Received value it inserts at index 0.
-- WITH_R=1 sends the protocol macro r, as a configured Sendmail does;
-- WITH_R=0 leaves it out, as Postfix does, so the filter must work the
-- keyword out from {tls_version}, {auth_type} and the MAIL parameters.
-- Both runs must give the same fields. The filter runs with -t, a fixed
-- time, so that the date is known: 1795930000 is Sun, 29 Nov 2026
-- 05:26:40 +0000. error() texts are not printed by miltertest, so every
-- failure is echoed first.

local with_r = (WITH_R == "1")
local time = "1795930000"
local date = "Sun, 29 Nov 2026 05:26:40 +0000"
local failures = 0
-- CONNECT_TRIES (default 40, 0.25 s apart) waits for the filter's socket;
-- milter.sh raises it when the filter runs under valgrind.
local connect_tries = tonumber(CONNECT_TRIES or "40")

local function fail(what)
	mt.echo("FAIL: " .. what)
	failures = failures + 1
end

local function must(err, what)
	if err ~= nil then
		mt.echo("FAIL: " .. what .. ": " .. tostring(err))
		error(what)
	end
end

-- A connection; connect_macros and helo_macros are flat name/value lists.
local function open(connect_macros, addr, helo, helo_macros)
	local conn = mt.connect("unix:" .. SOCK, connect_tries, 0.25)
	if conn == nil then
		mt.echo("FAIL: cannot connect to the filter at " .. SOCK)
		error("connect")
	end
	must(mt.macro(conn, SMFIC_CONNECT, table.unpack(connect_macros)), "connect macros")
	must(mt.conninfo(conn, "client.example.org", addr), "conninfo")
	if #helo_macros > 0 then
		must(mt.macro(conn, SMFIC_HELO, table.unpack(helo_macros)), "helo macros")
	end
	must(mt.helo(conn, helo), "helo")
	return conn
end

-- One message; r is added to the MAIL macros when WITH_R is set.
local function message(conn, label, mail_macros, r, from, params, rcpts, expected)
	local m = {table.unpack(mail_macros)}
	if with_r then
		table.insert(m, "r")
		table.insert(m, r)
	end
	must(mt.macro(conn, SMFIC_MAIL, table.unpack(m)), label .. ": mail macros")
	must(mt.mailfrom(conn, from, table.unpack(params)), label .. ": mailfrom")
	for _, rcpt in ipairs(rcpts) do
		must(mt.rcptto(conn, rcpt), label .. ": rcptto")
	end
	must(mt.data(conn), label .. ": data")
	must(mt.header(conn, "Subject", "milter test"), label .. ": header")
	must(mt.eoh(conn), label .. ": eoh")
	must(mt.bodystring(conn, "hello\r\n"), label .. ": body")
	must(mt.eom(conn), label .. ": eom")
	if mt.eom_check(conn, MT_HDRINSERT, "Received", expected, 0) then
		mt.echo("ok   " .. label)
	else
		fail(label .. ": inserted Received value differs\n--- got:\n" ..
		     tostring(mt.getheader(conn, "Received", 0)) .. "\n--- expected:\n" .. expected)
	end
end

mt.echo("rcvd-milter under miltertest, " .. (with_r and "with" or "without") .. " the r macro")
os.remove(SOCK)  -- a stale socket would stop the filter from starting
must(mt.startfilter(FILTER, "-p", "unix:" .. SOCK, "-t", time), "startfilter")

-- 1. TLS + AUTH (Postfix-style macros), two messages.
local tls = {"{tls_version}", "TLSv1.3", "{cipher}", "TLS_AES_256_GCM_SHA384",
             "{cipher_bits}", "256"}
local conn = open({"j", "mx.example.test", "{if_addr}", "192.0.2.1",
                   "{client_addr}", "192.0.2.7", "{client_name}", "client.example.org",
                   "{client_ptr}", "client.example.org", "{client_resolve}", "OK"},
                  "192.0.2.7", "client.example.org", tls)
local auth = {"{auth_type}", "PLAIN", "{auth_authen}", "alice"}

local m1 = {table.unpack(auth)}
table.insert(m1, "i"); table.insert(m1, "4XyZ1234AB")
message(conn, "TLS+AUTH -> ESMTPSA", m1, "ESMTPSA", "<sender@example.org>",
	{"BODY=8BITMIME"}, {"<rcpt@example.org>"},
	"from client.example.org (client.example.org [192.0.2.7])\n" ..
	"\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n" ..
	"\t(authenticated as alice)\n" ..
	"\tby mx.example.test with ESMTPSA id 4XyZ1234AB\n" ..
	"\t(envelope-from <sender@example.org>)\n" ..
	"\tfor <rcpt@example.org> tls TLS_AES_256_GCM_SHA384;\n" ..
	"\t" .. date)

-- Sendmail's r does not carry SMTPUTF8; the MAIL parameter adds it.
local m2 = {table.unpack(auth)}
table.insert(m2, "i"); table.insert(m2, "4XyZ1234AC")
message(conn, "TLS+AUTH+SMTPUTF8 -> UTF8SMTPSA", m2, "ESMTPSA", "<sender@example.org>",
	{"SMTPUTF8", "BODY=8BITMIME"}, {"<jürgen@bücher.example>"},
	"from client.example.org (client.example.org [192.0.2.7])\n" ..
	"\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n" ..
	"\t(authenticated as alice)\n" ..
	"\tby mx.example.test with UTF8SMTPSA id 4XyZ1234AC\n" ..
	"\t(envelope-from <sender@example.org>)\n" ..
	"\tfor <jürgen@bücher.example> tls TLS_AES_256_GCM_SHA384;\n" ..
	"\t" .. date)
mt.disconnect(conn)

-- 2. A plain connection with a hostile greeting argument, no rDNS, IPv6 written the
-- Sendmail way, {j} with braces, and two recipients (so no FOR clause).
conn = open({"{j}", "mx.example.test", "{client_addr}", "IPv6:2001:DB8::25",
             "{client_name}", "unknown", "{client_ptr}", "fake.example", "{client_resolve}", "FAIL"},
            "2001:db8::25", "evil (x) with ESMTPA id FAKE", {})
-- The client said EHLO but used no extension: only r can tell (ESMTP);
-- without r the filter assumes HELO (SMTP) rather than claim more.
local kw = with_r and "ESMTP" or "SMTP"
message(conn, "plain EHLO, hostile argument -> " .. kw, {"i", "4XyZ1234AD"}, "ESMTP",
	"<attacker@example.org>", {}, {"<a@example.org>", "<b@example.org>"},
	"from [IPv6:2001:db8::25] (unknown [IPv6:2001:db8::25])\n" ..
	"\tby mx.example.test with " .. kw .. " id 4XyZ1234AD\n" ..
	"\t(helo=evil%20%28x%29%20with%20ESMTPA%20id%20FAKE)\n" ..
	"\t(envelope-from <attacker@example.org>);\n" ..
	"\t" .. date)
mt.disconnect(conn)

if failures > 0 then
	mt.echo(failures .. " check(s) failed")
	error("failed")
end
mt.echo("all checks passed")
