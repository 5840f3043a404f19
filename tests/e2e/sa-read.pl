#!/usr/bin/perl
# sa-read.pl FILE... -- what SpamAssassin reads from the Received fields of
# each message: one JSON line per file, {"file": F, "relays": [...]}, the
# trusted relays first, then the untrusted ones (an authenticated hop counts
# as trusted, so both lists matter). Each relay: ip, by, id, auth, helo,
# rdns, envfrom. One SpamAssassin instance serves all files (start-up is
# the slow part); network tests are off.
use strict;
use warnings;
use JSON::PP;
use Mail::SpamAssassin;
use Mail::SpamAssassin::PerMsgStatus;

my $sa = Mail::SpamAssassin->new({
	local_tests_only => 1,
	dont_copy_prefs  => 1,
	userprefs_filename => '/dev/null',
	post_config_text => "dns_available no\nuse_bayes 0\n",
});
$sa->init(1);
my $json = JSON::PP->new->canonical(1);
binmode STDOUT;

for my $file (@ARGV) {
	open(my $fh, '<:raw', $file) or die "sa-read: $file: $!\n";
	my $text = do { local $/; <$fh> };
	close $fh;
	my $mail = $sa->parse($text);
	my $pms = Mail::SpamAssassin::PerMsgStatus->new($sa, $mail);
	$pms->extract_message_metadata();
	my @relays;
	for my $list (qw(relays_trusted relays_untrusted)) {
		for my $r (@{ $pms->{$list} || [] }) {
			push @relays, { list => $list, map { $_ => (defined $r->{$_} ? "$r->{$_}" : '') }
			                qw(ip by id auth helo rdns envfrom) };
		}
	}
	print $json->encode({ file => $file, relays => \@relays }), "\n";
	$pms->finish();
	$mail->finish();
}
$sa->finish();
