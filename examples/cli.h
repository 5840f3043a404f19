/* cli.h -- subcommands of the rcvd program; each lives in cmd_NAME.c. */
#ifndef RCVD_CLI_H
#define RCVD_CLI_H

/* Each returns the process exit status: 0 ok, 1 failure, 2 usage error.
 * argv[0] is the subcommand's name. */
int cli_keyword(int argc, char **argv);
int cli_date(int argc, char **argv);
int cli_compose(int argc, char **argv);
int cli_parse(int argc, char **argv);
int cli_validate(int argc, char **argv);

#endif
