/* Reading an input file whole (see read_input.h). */
#include "read_input.h"

#include <string.h>

enum cp_read_status
cp_read_input(const char *path, size_t max, char **buf, size_t *len, struct cp_diag *diag)
{
	int e;
	enum cp_read_status rs = cp_read_file(path, max, CP_READ_REGULAR_ONLY, buf, len, &e);

	switch (rs) {
	case CP_READ_OK:
	case CP_READ_ERR_NOMEM:
		break;
	case CP_READ_ERR_TOO_BIG:
		cp_diag_add(diag, CP_DIAG_ERROR, "", NULL,
			    "%s is larger than the %zu bytes accepted", path, max);
		break;
	case CP_READ_ERR_NOT_FILE:
		cp_diag_add(diag, CP_DIAG_ERROR, "", NULL, "%s is not a regular file", path);
		break;
	default:
		cp_diag_add(diag, CP_DIAG_ERROR, "", NULL, "cannot %s %s: %s",
			    rs == CP_READ_ERR_OPEN ? "open" : "read", path, strerror(e));
		break;
	}
	return rs;
}
