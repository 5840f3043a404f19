/*
 * fuzz_main.c -- replays inputs through a harness without libFuzzer.
 *
 * Usage: fuzz_NAME_replay PATH...   (a PATH may be a file or a directory,
 * whose regular files are replayed; hidden files are ignored). Each input
 * is handed over in a heap block of exactly its size, as libFuzzer does, so
 * that an over-read shows under AddressSanitizer and valgrind.
 *
 * Exit status: 0 when every input passed; 1 on a usage or I/O error or
 * when no input was found at all (an empty corpus proves nothing). A failed
 * oracle aborts inside the harness.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Larger inputs are not corpus entries; refuse rather than guess. */
#define REPLAY_MAX (1u << 20)

static int replay_file(const char *path, size_t *count)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	buf = (char *)malloc(REPLAY_MAX + 1);
	if (buf == NULL) {
		fclose(f);
		fputs("out of memory\n", stderr);
		return -1;
	}
	n = fread(buf, 1, REPLAY_MAX + 1, f);
	if (ferror(f) || n > REPLAY_MAX) {
		fprintf(stderr, "%s: unreadable or larger than %u bytes\n", path,
		        REPLAY_MAX);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	{
		char *exact = fuzz_dup(buf, n);

		free(buf);
		/* Named before the run, so a crash report says which input. */
		printf("%s\n", path);
		fflush(stdout);
		(void)LLVMFuzzerTestOneInput((const uint8_t *)exact, n);
		free(exact);
	}
	(*count)++;
	return 0;
}

static int replay_path(const char *path, size_t *count)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path, count);
	d = opendir(path);
	if (d == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(path) + strlen(e->d_name) + 2;
		char *sub;

		if (e->d_name[0] == '.')
			continue;
		sub = (char *)malloc(len);
		if (sub == NULL) {
			rc = -1;
			break;
		}
		snprintf(sub, len, "%s/%s", path, e->d_name);
		if (stat(sub, &st) == 0 && S_ISREG(st.st_mode) &&
		    replay_file(sub, count) != 0)
			rc = -1;
		free(sub);
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE-OR-DIRECTORY...\n", argv[0]);
		return 1;
	}
	for (i = 1; i < argc; i++)
		if (replay_path(argv[i], &count) != 0)
			rc = 1;
	if (count == 0) {
		fputs("no inputs found: an empty corpus tests nothing\n", stderr);
		return 1;
	}
	printf("%zu input(s) replayed, all oracles held\n", count);
	return rc;
}
