/* arena.h - memory for one command: records decoded in a transaction and
 * the results printed after it live here and go together. */
#ifndef BERTH_ARENA_H
#define BERTH_ARENA_H

#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);
/* Forgets everything allocated, keeping the first block for reuse. */
void arena_reset(arena *a);
/* NULL when memory ran out; the arena then remembers it (arena_failed), so
 * a transaction can check once at its end. */
void *arena_alloc(arena *a, size_t size);
char *arena_strdup(arena *a, const char *s);
/* An array v of *cap elements of size bytes, made to hold at least need:
 * v itself when it does, else a copy twice as large (at least 16) holding
 * v's first have elements, *cap updated. The old array stays until the
 * arena goes. NULL when memory ran out, as arena_alloc. */
void *arena_grow(arena *a, void *v, size_t have, size_t need, size_t *cap,
		 size_t size);
char *arena_strndup(arena *a, const char *s, size_t n);
int arena_failed(const arena *a);
/* Marks the arena failed: memory ran out somewhere it does not manage. */
void arena_set_failed(arena *a);

#endif
