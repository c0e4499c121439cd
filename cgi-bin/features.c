/*
 * The portal's features, declared once. Everything else is made from this
 * table: the programs the Makefile builds and links, the pools and daemons
 * scripts/stack runs, the locations of both nginx configurations
 * (scripts/features prints them), the clinic switches a clinic file may
 * set, the navigation and its badges.
 *
 * Adding a feature: cgi-bin/<program>.c (routes and handlers, ending with
 * PORTAL_MAIN), its templates and translations, and an entry here.
 *
 * A program's locations are URL prefixes after /<clinic>/: "messages"
 * serves /riverside/messages and everything below it, "login$" only
 * /riverside/login, and "" whatever no other program serves. Navigation
 * entries are sorted by their order: patients' pages from 10, staff's from
 * 110. A badge is a count shown beside an entry, computed with the session
 * in the same round trip (s.clinic_id, s.user_id and u.patient_id are the
 * session's).
 */
#include "portal.h"

#define END { 0 }

const struct feature_def portal_features[] = {
	{
		.key = NULL,
		.about = "sign-in and activation, the patient's home, account settings, staff's patient pages",
		.programs = (const struct program_def[]) {
			{
				.name = "login",
				.locations = (const struct location_def[]) {
					{ "login$", 0, true }, { "activate$", 0, true }, { "", 0, false }, END },
			},
			{
				.name = "home",
				.locations = (const struct location_def[]) { { "home", 0, false }, END },
				.nav = (const struct nav_def[]) {
					{ 10, ACCESS_PATIENT, "/home", "nav.home", NULL, NULL }, END },
			},
			{
				.name = "account",
				.locations = (const struct location_def[]) {
					{ "account", 0, false }, { "hooks", 0, false }, END },
				.nav = (const struct nav_def[]) {
					{ 70, ACCESS_PATIENT, "/account/notifications", "nav.notifications", NULL, NULL }, END },
			},
			{
				.name = "staff",
				.locations = (const struct location_def[]) { { "staff", 0, false }, END },
				.nav = (const struct nav_def[]) {
					{ 110, ACCESS_STAFF, "/staff", "nav.staff_patients", NULL, NULL },
					{ 170, ACCESS_STAFF, "/staff/patients/new", "nav.staff_register", NULL, NULL }, END },
			},
			{ .name = "notifier", .kind = PROGRAM_DAEMON, .libs = "libcurl jansson" },
			{ .name = "portalctl", .kind = PROGRAM_TOOL },
			END
		},
	},
	{
		.key = "messages",
		.about = "secure messaging: patients write to their care team, staff answer from an inbox",
		.programs = (const struct program_def[]) {
			{
				.name = "messages",
				/* Three 5 MiB attachments and the text; the worker checks each file. */
				.locations = (const struct location_def[]) { { "messages", 17, false }, END },
				.nav = (const struct nav_def[]) {
					{ 60, ACCESS_PATIENT, "/messages", "nav.messages", "messages.unread", "nav.badge_unread" },
					END },
			},
			{
				.name = "inbox",
				.locations = (const struct location_def[]) { { "staff/messages", 0, false }, END },
				.nav = (const struct nav_def[]) {
					{ 120, ACCESS_STAFF, "/staff/messages", "nav.staff_messages", "messages.waiting",
					  "nav.badge_waiting" },
					END },
			},
			END
		},
		.badges = (const struct badge_def[]) {
			{ "messages.unread", ACCESS_PATIENT,
			  "SELECT COUNT(*) FROM messages m WHERE m.clinic_id = s.clinic_id AND m.patient_id = u.patient_id"
			  " AND m.from_patient = 0 AND m.read_by_patient_at IS NULL" },
			/* Threads waiting for staff that are unassigned or the staff member's own. */
			{ "messages.waiting", ACCESS_STAFF,
			  "SELECT COUNT(*) FROM message_threads t WHERE t.clinic_id = s.clinic_id AND t.status = 'open'"
			  " AND t.awaiting_staff = 1 AND (t.assigned_to IS NULL OR t.assigned_to = s.user_id)" },
			END
		},
	},
	{
		.key = "appointments",
		.about = "visits: booking, requests, cancel and reschedule, waitlist, check-in, video; staff schedules",
		.programs = (const struct program_def[]) {
			{
				.name = "appointments",
				/* An insurance card photo at check-in (5 MiB) and the form; the
				 * signed links of reminders (/visit). */
				.locations = (const struct location_def[]) {
					{ "appointments", 6, false }, { "visit", 0, false }, END },
				.nav = (const struct nav_def[]) {
					{ 20, ACCESS_PATIENT, "/appointments", "nav.appointments", NULL, NULL }, END },
			},
			{
				.name = "schedule",
				.locations = (const struct location_def[]) { { "staff/schedule", 0, false }, END },
				.nav = (const struct nav_def[]) {
					{ 130, ACCESS_STAFF, "/staff/schedule", "nav.staff_schedule", NULL, NULL }, END },
			},
			END
		},
	},
	{
		.key = "results",
		.about = "lab results with trends, released by the clinic's policy; staff entry and release",
		.programs = (const struct program_def[]) {
			{
				.name = "results",
				.locations = (const struct location_def[]) {
					{ "results", 0, false }, { "staff/results", 0, false }, END },
				.nav = (const struct nav_def[]) {
					{ 30, ACCESS_PATIENT, "/results", "nav.results", NULL, NULL },
					{ 140, ACCESS_CLINICAL | ACCESS_ADMIN, "/staff/results", "nav.staff_results", NULL, NULL },
					END },
			},
			END
		},
	},
	{
		.key = "record",
		.about = "the patient's record, its printable copy and FHIR download, share links; staff review of reports",
		.programs = (const struct program_def[]) {
			{
				.name = "record",
				.locations = (const struct location_def[]) {
					{ "record", 0, false }, { "shared", 0, false }, { "staff/reports", 0, false }, END },
				.nav = (const struct nav_def[]) {
					{ 40, ACCESS_PATIENT, "/record", "nav.record", NULL, NULL },
					{ 160, ACCESS_STAFF, "/staff/reports", "nav.staff_reports", NULL, NULL }, END },
				.libs = "jansson",
			},
			END
		},
	},
	{
		.key = "refills",
		.about = "refill requests of active medications; the staff queue",
		.programs = (const struct program_def[]) {
			{
				.name = "refills",
				.locations = (const struct location_def[]) {
					{ "refills", 0, false }, { "staff/refills", 0, false }, END },
				.nav = (const struct nav_def[]) {
					{ 50, ACCESS_PATIENT, "/refills", "nav.refills", NULL, NULL },
					{ 150, ACCESS_STAFF, "/staff/refills", "nav.staff_refills", "refills.waiting",
					  "nav.badge_waiting" },
					END },
			},
			END
		},
		.badges = (const struct badge_def[]) {
			{ "refills.waiting", ACCESS_STAFF,
			  "SELECT COUNT(*) FROM refill_requests q WHERE q.clinic_id = s.clinic_id"
			  " AND q.status IN ('requested', 'approved')" },
			END
		},
	},
	{
		.key = "billing",
		.about = "the balance due on the patient's home page (statements and payments are yet to come)",
	},
};

const size_t portal_nfeatures = sizeof(portal_features) / sizeof(portal_features[0]);
