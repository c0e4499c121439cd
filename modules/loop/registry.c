/* The features' declarations (cgi-bin/features.c), handed to the layers
 * below when a program starts: the clinic switches to the configuration,
 * the badges to the session, the navigation entries to rendering. */
#include "../portal.h"

#include <string.h>

const struct program_def *
portal_program(const char *name, const struct feature_def **feature)
{
	for (size_t f = 0; f < portal_nfeatures; f++)
		for (const struct program_def *p = portal_features[f].programs; p && p->name; p++)
			if (strcmp(p->name, name) == 0) {
				if (feature)
					*feature = &portal_features[f];
				return p;
			}
	return NULL;
}

int
portal_register_features(void)
{
	static bool done;
	if (done)
		return 0;
	const char *keys[CONF_FEATURES_MAX] = { NULL };
	const struct badge_def *badges[SESSION_BADGES_MAX] = { NULL };
	size_t nkeys = 0, nbadges = 0;
	for (size_t f = 0; f < portal_nfeatures; f++) {
		const struct feature_def *fd = &portal_features[f];
		if (fd->key) {
			if (nkeys == CONF_FEATURES_MAX) {
				log_error("features.c: more than %d clinic switches", CONF_FEATURES_MAX);
				return -1;
			}
			keys[nkeys++] = fd->key;
		}
		for (const struct badge_def *b = fd->badges; b && b->name; b++) {
			if (nbadges == SESSION_BADGES_MAX) {
				log_error("features.c: more than %d badges", SESSION_BADGES_MAX);
				return -1;
			}
			badges[nbadges++] = b;
		}
	}
	conf_set_features(keys, nkeys);
	if (session_set_badges(badges, nbadges) < 0)
		return -1;
	for (size_t f = 0; f < portal_nfeatures; f++)
		for (const struct program_def *p = portal_features[f].programs; p && p->name; p++)
			for (const struct nav_def *n = p->nav; n && n->path; n++)
				if (render_add_nav(n, portal_features[f].key) < 0)
					return -1;
	done = true;
	return 0;
}
