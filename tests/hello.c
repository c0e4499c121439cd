/* The benchmark's yardstick: the least a FastCGI worker can do behind the
 * same nginx. Portal pages are measured as a ratio against this. */
#include <fcgiapp.h>

int
main(void)
{
	FCGX_Request req;
	static const char reply[] =
		"Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n";
	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_PutStr(reply, (int)sizeof(reply) - 1, req.out);
		FCGX_Finish_r(&req);
	}
	return 0;
}
