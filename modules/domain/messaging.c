/* Secure messaging's shared parts: the patient's and the staff's thread
 * pages list each message's attachments the same way. */
#include "domain.h"

void
messaging_set_files(struct req *r, const char *base, const struct db_rows *at, const char *message_id,
	const char *href)
{
	int n = 0;
	for (size_t k = 0; k < at->nrows; k++) {
		if (!db_cell_is(at, k, MSGFILE_MESSAGE_ID, message_id))
			continue;
		const char *b = req_printf(r, "%s.Files.%d", base, n++);
		page_set(r, req_printf(r, "%s.Href", b), url(r, req_printf(r, "%s%s", href, db_cell(at, k, MSGFILE_ID))));
		page_set(r, req_printf(r, "%s.Name", b), db_cell(at, k, MSGFILE_NAME));
		page_set(r, req_printf(r, "%s.Size", b),
			req_printf(r, "%lld KB", (db_cell_int(at, k, MSGFILE_SIZE) + 1023) / 1024));
	}
}
