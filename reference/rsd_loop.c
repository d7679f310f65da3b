/* rsd_loop.c: epoll dispatch and the timer heap. */
#include "rsd_loop.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

uint64_t rsd_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t rsd_loop_now(const struct rsd_loop *l)
{
	return l->virt ? l->vnow : rsd_now_ms();
}

void rsd_loop_set_virtual(struct rsd_loop *l)
{
	l->vnow = rsd_now_ms();
	l->virt = true;
}

void rsd_loop_advance(struct rsd_loop *l, uint64_t when)
{
	if (!l->virt)
		return;
	if (when > l->vnow)
		l->vnow = when;
	rsd_loop_run_timers(l, l->vnow);
}

int rsd_loop_init(struct rsd_loop *l)
{
	l->heap = NULL;
	l->nheap = l->capheap = 0;
	l->stop = false;
	l->virt = false;
	l->vnow = 0;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	return l->epfd < 0 ? -1 : 0;
}

void rsd_loop_free(struct rsd_loop *l)
{
	if (l->epfd >= 0)
		close(l->epfd);
	l->epfd = -1;
	for (size_t i = 0; i < l->nheap; i++)
		l->heap[i]->slot = 0;
	free(l->heap);
	l->heap = NULL;
	l->nheap = l->capheap = 0;
}

int rsd_loop_add(struct rsd_loop *l, struct rsd_ev *ev, int fd, uint32_t events, rsd_ev_fn fn,
                 void *arg)
{
	ev->fd = fd;
	ev->events = events;
	ev->fn = fn;
	ev->arg = arg;
	struct epoll_event e = {.events = events, .data.ptr = ev};
	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &e);
}

int rsd_loop_mod(struct rsd_loop *l, struct rsd_ev *ev, uint32_t events)
{
	if (ev->events == events || !ev->fn)
		return 0;
	ev->events = events;
	struct epoll_event e = {.events = events, .data.ptr = ev};
	return epoll_ctl(l->epfd, EPOLL_CTL_MOD, ev->fd, &e);
}

void rsd_loop_del(struct rsd_loop *l, struct rsd_ev *ev)
{
	if (ev->fn && ev->fd >= 0)
		epoll_ctl(l->epfd, EPOLL_CTL_DEL, ev->fd, NULL);
	ev->fn = NULL;
}

void rsd_timer_init(struct rsd_timer *t, rsd_timer_fn fn, void *arg)
{
	t->when = 0;
	t->slot = 0;
	t->fn = fn;
	t->arg = arg;
}

bool rsd_timer_armed(const struct rsd_timer *t)
{
	return t->slot != 0;
}

static void rsd_heap_set(struct rsd_loop *l, size_t i, struct rsd_timer *t)
{
	l->heap[i] = t;
	t->slot = i + 1;
}

static void rsd_heap_up(struct rsd_loop *l, size_t i)
{
	struct rsd_timer *t = l->heap[i];
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (l->heap[p]->when <= t->when)
			break;
		rsd_heap_set(l, i, l->heap[p]);
		i = p;
	}
	rsd_heap_set(l, i, t);
}

static void rsd_heap_down(struct rsd_loop *l, size_t i)
{
	struct rsd_timer *t = l->heap[i];
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= l->nheap)
			break;
		if (c + 1 < l->nheap && l->heap[c + 1]->when < l->heap[c]->when)
			c++;
		if (l->heap[c]->when >= t->when)
			break;
		rsd_heap_set(l, i, l->heap[c]);
		i = c;
	}
	rsd_heap_set(l, i, t);
}

void rsd_timer_stop(struct rsd_loop *l, struct rsd_timer *t)
{
	if (!t->slot)
		return;
	size_t i = t->slot - 1;
	t->slot = 0;
	l->nheap--;
	if (i == l->nheap)
		return;
	struct rsd_timer *m = l->heap[l->nheap];
	rsd_heap_set(l, i, m);
	rsd_heap_up(l, i);
	rsd_heap_down(l, m->slot - 1);
}

int rsd_timer_arm(struct rsd_loop *l, struct rsd_timer *t, uint64_t ms)
{
	rsd_timer_stop(l, t);
	if (l->nheap == l->capheap) {
		size_t cap = l->capheap ? l->capheap * 2 : 64;
		struct rsd_timer **h = realloc(l->heap, cap * sizeof(*h));
		if (!h)
			return -1;
		l->heap = h;
		l->capheap = cap;
	}
	t->when = rsd_loop_now(l) + ms;
	rsd_heap_set(l, l->nheap++, t);
	rsd_heap_up(l, l->nheap - 1);
	return 0;
}

int rsd_loop_timeout(const struct rsd_loop *l, uint64_t now)
{
	if (l->nheap == 0)
		return -1;
	uint64_t w = l->heap[0]->when;
	if (w <= now)
		return 0;
	uint64_t d = w - now;
	return d > 60000 ? 60000 : (int)d;
}

void rsd_loop_run_timers(struct rsd_loop *l, uint64_t now)
{
	while (l->nheap > 0 && l->heap[0]->when <= now) {
		struct rsd_timer *t = l->heap[0];
		rsd_timer_stop(l, t);
		t->fn(t->arg);
	}
}

int rsd_loop_once(struct rsd_loop *l, int max_wait_ms)
{
	struct epoll_event evs[64];
	int to = l->virt ? -1 : rsd_loop_timeout(l, rsd_now_ms());
	if (max_wait_ms >= 0 && (to < 0 || to > max_wait_ms))
		to = max_wait_ms;
	int n = epoll_wait(l->epfd, evs, 64, to);
	if (n < 0) {
		if (errno != EINTR)
			return -1;
		n = 0;
	}
	for (int i = 0; i < n; i++) {
		struct rsd_ev *ev = evs[i].data.ptr;
		if (ev->fn)
			ev->fn(ev->arg, evs[i].events);
	}
	rsd_loop_run_timers(l, rsd_loop_now(l));
	return n;
}
