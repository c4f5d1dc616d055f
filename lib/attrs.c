/* attrs.c - what `resource set` and `customer set` do to attributes: a
 * key given again replaces its value, a new key is added, and an empty
 * value removes the key. One rule, so both verbs read the same. */
#include <string.h>

#include "internal.h"

berth_status attrs_merge(berth_txn *t, berth_attrs *into,
			 const berth_attrs *ch)
{
	size_t cap = into->n + ch->n, n = 0;
	berth_attr *v = arena_alloc(t->a, (cap ? cap : 1) * sizeof *v);

	if (!v)
		return oom();
	for (size_t i = 0; i < into->n; i++)
		v[n++] = into->v[i];
	for (size_t i = 0; i < ch->n; i++) {
		size_t j;
		for (j = 0; j < n && strcmp(v[j].key, ch->v[i].key); j++)
			;
		if (j == n)
			v[n++] = ch->v[i];
		else
			v[j] = ch->v[i];
	}
	into->n = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].value[0])
			v[into->n++] = v[i];
	into->v = v;
	return BERTH_OK;
}
