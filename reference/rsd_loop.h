/* rsd_loop.h: the event loop: epoll for descriptors, a binary heap of
 * monotonic timers. Level-triggered; one callback per descriptor. */
#ifndef RSCERT_RSD_LOOP_H
#define RSCERT_RSD_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>

typedef void (*rsd_ev_fn)(void *arg, uint32_t events);
typedef void (*rsd_timer_fn)(void *arg);

/* A watched descriptor. The loop keeps a pointer to it in epoll, so it must
 * stay valid until rsd_loop_del() and the end of the current dispatch. */
struct rsd_ev {
	int fd;
	uint32_t events;
	rsd_ev_fn fn; /* NULL once removed: pending events are then ignored */
	void *arg;
};

struct rsd_timer {
	uint64_t when; /* monotonic milliseconds */
	size_t slot;   /* heap index + 1; 0 when not armed */
	rsd_timer_fn fn;
	void *arg;
};

struct rsd_loop {
	int epfd;
	struct rsd_timer **heap;
	size_t nheap, capheap;
	bool stop;
	bool virt;     /* the clock is vnow, moved only by rsd_loop_advance */
	uint64_t vnow; /* milliseconds, when virt */
};

int rsd_loop_init(struct rsd_loop *l);
void rsd_loop_free(struct rsd_loop *l);
uint64_t rsd_now_ms(void);
/* The loop's clock: CLOCK_MONOTONIC milliseconds, or the virtual clock. */
uint64_t rsd_loop_now(const struct rsd_loop *l);
/* Switch to a virtual clock that starts at the current time and moves only
 * through rsd_loop_advance (fuzzing and tests: no wall-clock waits). Timers
 * already armed keep their deadlines. */
void rsd_loop_set_virtual(struct rsd_loop *l);
/* Virtual clock only: move it forward to when (never back) and fire every
 * timer then due, in deadline order. */
void rsd_loop_advance(struct rsd_loop *l, uint64_t when);

int rsd_loop_add(struct rsd_loop *l, struct rsd_ev *ev, int fd, uint32_t events, rsd_ev_fn fn,
                 void *arg);
int rsd_loop_mod(struct rsd_loop *l, struct rsd_ev *ev, uint32_t events);
void rsd_loop_del(struct rsd_loop *l, struct rsd_ev *ev);

void rsd_timer_init(struct rsd_timer *t, rsd_timer_fn fn, void *arg);
/* Arm (or re-arm) t to fire after ms milliseconds. 0, -1 out of memory. */
int rsd_timer_arm(struct rsd_loop *l, struct rsd_timer *t, uint64_t ms);
void rsd_timer_stop(struct rsd_loop *l, struct rsd_timer *t);
bool rsd_timer_armed(const struct rsd_timer *t);
/* Milliseconds until the earliest timer, -1 when none (epoll timeout). */
int rsd_loop_timeout(const struct rsd_loop *l, uint64_t now);
/* Fire every timer due at now. */
void rsd_loop_run_timers(struct rsd_loop *l, uint64_t now);

/* Wait for events (bounded by the next timer; with a virtual clock only by
 * max_wait_ms), dispatch them and the due timers. Returns the number of descriptor events, -1 on a
 * fatal error. */
int rsd_loop_once(struct rsd_loop *l, int max_wait_ms);

#endif
