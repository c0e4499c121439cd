/* The error log: stderr, which the process supervisor writes to a file
 * (var/log/<program>.log) or journald. */
#include "core.h"

#include <stdio.h>
#include <unistd.h>

static const char *program = "portal";

void
log_set_program(const char *name)
{
	if (name && *name)
		program = name;
}

/* Callers never pass health data, form values or tokens: only names and
 * codes. */
void
log_error(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s[%d]: %s\n", program, (int)getpid(), line);
}
