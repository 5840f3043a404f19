/* PLACEHOLDER: replaced by the real subcommand. */
#include <stdio.h>
#include "cli.h"

int cli_keyword(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "rcvd: keyword: not built yet\n");
	return 1;
}
