/* common-attendance.h - checkin.c and noshow.c: one run for both marks. */
#ifndef BERTH_COMMON_ATTENDANCE_H
#define BERTH_COMMON_ATTENDANCE_H

#include "opt.h"

extern const struct opt attendance_opts[];
/* Parses and runs `checkin` (status BOOKING_ATTENDED) or `noshow`
 * (BOOKING_NO_SHOW): its exit code. */
int attendance_run(const struct verb *v, int argc, char **argv, int status);

#endif
