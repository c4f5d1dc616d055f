#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 65536

struct block {
	struct block *next;
	size_t used, size;
	max_align_t data[];
};

struct arena {
	struct block *head; /* kept across resets */
	struct block *cur;  /* where allocation happens */
	int failed;
};

arena *arena_new(void)
{
	return calloc(1, sizeof(arena));
}

void arena_reset(arena *a)
{
	struct block *b, *next;

	if (!a || !a->head)
		return;
	for (b = a->head->next; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head->next = NULL;
	a->head->used = 0;
	a->cur = a->head;
	a->failed = 0;
}

void arena_free(arena *a)
{
	if (!a)
		return;
	arena_reset(a);
	free(a->head);
	free(a);
}

void *arena_alloc(arena *a, size_t size)
{
	struct block *b = a->cur;
	size_t align = sizeof(max_align_t);
	void *p;

	size = (size + align - 1) & ~(align - 1);
	if (!b || b->size - b->used < size) {
		size_t want = size > BLOCK ? size : BLOCK;
		struct block *nb = malloc(sizeof *nb + want);
		if (!nb) {
			a->failed = 1;
			return NULL;
		}
		nb->used = 0;
		nb->size = want;
		nb->next = NULL;
		/* Blocks chain from the first, which reset keeps for reuse. */
		if (b)
			b->next = nb;
		else
			a->head = nb;
		a->cur = b = nb;
	}
	p = (char *)b->data + b->used;
	b->used += size;
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void *arena_grow(arena *a, void *v, size_t have, size_t need, size_t *cap,
		 size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *nv;

	if (need <= *cap)
		return v;
	while (n < need)
		n *= 2;
	if (n > SIZE_MAX / size) {
		a->failed = 1;
		return NULL;
	}
	if (!(nv = arena_alloc(a, n * size)))
		return NULL;
	if (have)
		memcpy(nv, v, have * size);
	*cap = n;
	return nv;
}

int arena_failed(const arena *a)
{
	return a->failed;
}

void arena_set_failed(arena *a)
{
	a->failed = 1;
}
