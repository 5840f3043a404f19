#!/usr/bin/perl
# sa-relays.pl -- feed composed Received fields to SpamAssassin's own
# Received parser and check what it reads back.
#
# Usage: sa-relays.pl FIELDS.tsv
#
# Input: one record per line, tab-separated (see tests/sa/gen-fields.c):
#   name  ip  rdns  by  id  auth  privacy  field
# ip/rdns/by/id are what a correct reader must find ("" for none; rdns ""
# means the field says unknown), auth is 0/1, privacy 0/1, and field is the
# whole "Received: ..." field with \\ \n \r \t \xHH escapes.
#
# For each record one message (the field, then From/To/Subject/Date and a
# body) goes through Mail::SpamAssassin's metadata extraction in this one
# process; the top relay is the first of relays_trusted, else the first of
# relays_untrusted. It prints per field
#   name ip=.. rdns=.. helo=.. by=.. id=.. auth=.. trusted=..
# and then checks:
#   - ip is the real address (privacy fields and fields without a client
#     address: SpamAssassin must find no address at all; it records no
#     relay for a handover without one, so by/id/auth are compared only
#     where it found a relay);
#   - rdns is the verified name, or empty when the field says unknown;
#   - by and id are the real ones;
#   - auth is set exactly when the session authenticated;
#   - the relay is trusted exactly when it is authenticated (see the
#     trusted_networks choice below).
# After a HELO greeting the keyword is SMTP whatever happened (no keyword
# is registered for HELO with AUTH), so SpamAssassin sees authentication
# only through the "(authenticated as ...)" comment, which its Sendmail
# rule reads; the expectations say exactly that.
# Exit 0 when every field agrees (and at least 200 were read, 90% of them
# parsed into a relay), 1 otherwise, 77 when SpamAssassin is missing and
# RCVD_ALLOW_SKIP=1.
use strict;
use warnings;

my $have_sa = eval {
	require Mail::SpamAssassin;
	require Mail::SpamAssassin::PerMsgStatus;
	1;
};
if (!$have_sa) {
	if (($ENV{RCVD_ALLOW_SKIP} // '') eq '1') {
		print "SKIP: Mail::SpamAssassin is missing (RCVD_ALLOW_SKIP=1)\n";
		exit 77;
	}
	print STDERR "FAIL: Mail::SpamAssassin is missing (install spamassassin;"
	    . " set RCVD_ALLOW_SKIP=1 to skip)\n";
	exit 1;
}

@ARGV == 1 or die "usage: $0 FIELDS.tsv\n";

# config_text replaces every rule and preference file: no rules, no
# plugins, no network. trusted_networks and internal_networks name one
# address no composed field uses, so a relay is trusted only through
# SpamAssassin's own rule that an authenticated hop extends trust; that
# makes "trusted" a second, independent witness of the auth verdict.
my $sa = Mail::SpamAssassin->new({
	config_text => join('', map { "$_\n" } (
		'dns_available no',
		'use_bayes 0',
		'clear_trusted_networks',
		'clear_internal_networks',
		'trusted_networks 198.51.100.254/32',
		'internal_networks 198.51.100.254/32',
		# no rule files, so name the TLDs the fields use (silences a warning)
		'util_rb_tld example net org com',
	)),
	local_tests_only => 1,
	dont_copy_prefs => 1,
	userprefs_filename => '/dev/null',
	home_dir_for_helpers => '/nonexistent',
});
$sa->init(0);

sub unescape {
	my ($s) = @_;
	$s =~ s/\\(x([0-9A-Fa-f]{2})|n|r|t|\\)/
		$1 eq 'n' ? "\n" : $1 eq 'r' ? "\r" : $1 eq 't' ? "\t" :
		$1 eq '\\' ? '\\' : chr(hex($2))/ge;
	return $s;
}

sub show { my ($v) = @_; return defined $v ? $v : ''; }

open(my $in, '<:raw', $ARGV[0]) or die "$ARGV[0]: $!\n";
my ($n, $bad, $n_priv, $n_auth_yes, $n_norelay) = (0, 0, 0, 0, 0);
my %agree = (ip => 0, rdns => 0, by => 0, id => 0, auth => 0, trust => 0);
my %cmp = %agree;
while (my $line = <$in>) {
	chomp $line;
	next if $line eq '' || $line =~ /^#/;
	my ($name, $ip, $rdns, $by, $id, $auth, $priv, $field) = split /\t/, $line, -1;
	die "bad record: $line\n" unless defined $field;
	$field = unescape($field);
	# The message is built with LF line breaks, as SpamAssassin receives
	# it from a local delivery agent.
	$field =~ s/\r\n/\n/g;
	$field .= "\n" unless $field =~ /\n\z/;
	my $text = $field
	    . "From: sender\@example.org\n"
	    . "To: rcpt\@example.net\n"
	    . "Subject: librcvd field $name\n"
	    . "Date: Sun, 29 Nov 2026 05:00:38 +0000\n"
	    . "Message-ID: <$n.librcvd\@example.org>\n"
	    . "\n"
	    . "body\n";
	my $msg = $sa->parse($text, 1);
	my $pms = Mail::SpamAssassin::PerMsgStatus->new($sa, $msg);
	$pms->extract_message_metadata();
	my @t = @{ $pms->{relays_trusted} || [] };
	my @u = @{ $pms->{relays_untrusted} || [] };
	my $r = @t ? $t[0] : @u ? $u[0] : undef;
	my $trusted = @t ? 1 : 0;
	$n++;
	$n_norelay++ unless $r;

	my %got = (ip => '', rdns => '', helo => '', by => '', id => '', auth => '');
	if ($r) {
		$got{$_} = show($r->{$_}) for keys %got;
	}
	printf "%s found=%d ip=%s rdns=%s helo=%s by=%s id=%s auth=%s trusted=%d\n",
	    $name, $r ? 1 : 0, @got{qw(ip rdns helo by id auth)}, $trusted;

	my @why;
	my $check = sub {
		my ($key, $ok, $msg) = @_;
		$cmp{$key}++;
		if ($ok) { $agree{$key}++ } else { push @why, $msg }
	};
	$id =~ s/^<(.*)>$/$1/;  # SpamAssassin reports a msg-id without brackets
	# and writes "!" for brackets, parentheses and the like in names
	(my $want_by = $by) =~ s/[\s\000\#\[\]\(\)\<\>\|]/!/g;
	$n_priv++ if $priv;
	$n_auth_yes++ if $auth;
	if ($ip eq '') {
		# Privacy mode, or no client address: SpamAssassin ignores a
		# handover that names no address (no relay at all); any address or
		# name it found here would have come from client text.
		$check->('ip', $got{ip} eq '', "field without address yields ip '$got{ip}'");
		$check->('rdns', $got{rdns} eq '', "rdns '$got{rdns}' in a field without address");
	} elsif (!$r) {
		push @why, 'no relay parsed';
	} else {
		$check->('ip', lc $got{ip} eq lc $ip, "ip '$got{ip}' != '$ip'");
		$check->('rdns', $got{rdns} eq $rdns, "rdns '$got{rdns}' != '$rdns'");
	}
	if ($r) {
		my $got_auth = $got{auth} ne '' ? 1 : 0;
		# SpamAssassin always trusts loopback (127/8, ::1) whatever the
		# setting
		my $loopback = $got{ip} =~ /^(?:127\.|::1$)/;
		$check->('by', $got{by} eq $want_by, "by '$got{by}' != '$want_by'");
		$check->('id', $got{id} eq $id, "id '$got{id}' != '$id'");
		$check->('auth', $got_auth == $auth, "auth '$got{auth}' but expected $auth");
		$check->('trust', $loopback || $trusted == $got_auth,
		    "trusted=$trusted with auth '$got{auth}'");
	}

	if (@why) {
		$bad++;
		print "MISMATCH $name: ", join('; ', @why), "\n";
		my $shown = $field;
		$shown =~ s/\n/\\n/g;
		print "  field: $shown\n";
	}
	$msg->finish();
	$pms->finish();
}
close $in;

print "fields: $n (privacy: $n_priv, authenticated: $n_auth_yes, no relay read: $n_norelay)\n";
print "agree (agreeing/compared): ",
    join(' ', map { "$_=$agree{$_}/$cmp{$_}" } qw(ip rdns by id auth trust)), "\n";
print "mismatching fields: $bad\n";
# a run that compared little proves little
if ($n < 200 || $cmp{by} < $n * 0.9) {
	print "FAIL: only $n fields, $cmp{by} relays compared\n";
	exit 1;
}
exit($bad ? 1 : 0);
