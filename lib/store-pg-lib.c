/* store-pg-lib.c - libpq loaded when a PostgreSQL store is first opened
 * (dlopen), not linked: every berth process would otherwise load libpq and
 * the TLS and Kerberos libraries it needs at start-up, and `book` on an
 * LMDB store would pay for them (DECISIONS.md: the LMDB budget). Its
 * symbols are bound as they are first called (RTLD_LAZY): binding all of
 * libpq's and its libraries' at once was a sixth of loading them, for
 * the few functions a command calls. */
#include <dlfcn.h>
#include <stddef.h>

#include "store-pg.h"

struct pq_api pq;

berth_status pq_load(void)
{
	static void *lib;
	static const struct {
		const char *name;
		size_t off;
	} syms[] = {
#define SYM(f, m) {#f, offsetof(struct pq_api, m)}
	    SYM(PQconnectdbParams, connectdbParams),
	    SYM(PQstatus, status),
	    SYM(PQerrorMessage, errorMessage),
	    SYM(PQfinish, finish),
	    SYM(PQexec, exec),
	    SYM(PQexecParams, execParams),
	    SYM(PQprepare, prepare),
	    SYM(PQexecPrepared, execPrepared),
	    SYM(PQresultStatus, resultStatus),
	    SYM(PQresultErrorField, resultErrorField),
	    SYM(PQresultErrorMessage, resultErrorMessage),
	    SYM(PQclear, clear),
	    SYM(PQntuples, ntuples),
	    SYM(PQgetvalue, getvalue),
	    SYM(PQgetlength, getlength),
	    SYM(PQgetisnull, getisnull),
	    SYM(PQcmdTuples, cmdTuples),
	    SYM(PQserverVersion, serverVersion),
	    SYM(PQparameterStatus, parameterStatus),
	    SYM(PQconninfoParse, conninfoParse),
	    SYM(PQconninfoFree, conninfoFree),
	    SYM(PQconninfo, conninfo),
	    SYM(PQsetNoticeProcessor, setNoticeProcessor),
	    SYM(PQfreemem, freemem),
	    SYM(PQsocket, socket),
	    SYM(PQconsumeInput, consumeInput),
	    SYM(PQnotifies, notifies),
	    SYM(PQescapeIdentifier, escapeIdentifier),
	    SYM(PQenterPipelineMode, enterPipelineMode),
	    SYM(PQexitPipelineMode, exitPipelineMode),
	    SYM(PQpipelineSync, pipelineSync),
	    SYM(PQsendQueryParams, sendQueryParams),
	    SYM(PQsendPrepare, sendPrepare),
	    SYM(PQsendQueryPrepared, sendQueryPrepared),
	    SYM(PQgetResult, getResult),
#undef SYM
	};

	if (lib)
		return BERTH_OK;
	if (!(lib = dlopen("libpq.so.5", RTLD_LAZY | RTLD_LOCAL)))
		return berth_fail(BERTH_STORE_UNAVAILABLE,
				  "PostgreSQL's client library cannot be "
				  "loaded (install libpq5): %s",
				  dlerror());
	for (size_t i = 0; i < sizeof syms / sizeof *syms; i++) {
		void *f = dlsym(lib, syms[i].name);
		if (!f) {
			dlclose(lib);
			lib = NULL;
			return berth_fail(BERTH_STORE_UNAVAILABLE,
					  "libpq.so.5 lacks %s: too old (berth needs libpq 14 or later)",
					  syms[i].name);
		}
		/* POSIX makes a function's address from dlsym's object
		 * pointer this way. */
		*(void **)((char *)&pq + syms[i].off) = f;
	}
	return BERTH_OK;
}
