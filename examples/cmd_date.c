/* PLACEHOLDER: replaced by the real subcommand. */
#include <stdio.h>
#include "cli.h"

int cli_date(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "rcvd: date: not built yet\n");
	return 1;
}
