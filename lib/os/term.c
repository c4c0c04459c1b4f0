// SPDX-License-Identifier: LGPL-2.1-or-later
/* The full-screen terminal (ncurses), opened when `top` first needs it. */
/* the functions, not the macros of the same names: they are called through pointers */
#define NCURSES_NOMACROS
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "os/dynlib.h"
#include "os/term.h"

static struct {
	WINDOW *(*initscr)(void);
	int (*endwin)(void);
	int (*cbreak)(void);
	int (*noecho)(void);
	int (*keypad)(WINDOW *, bool);
	int (*curs_set)(int);
	void (*wtimeout)(WINDOW *, int);
	int (*wgetch)(WINDOW *);
	int (*werase)(WINDOW *);
	int (*mvwaddnstr)(WINDOW *, int, int, const char *, int);
	int (*wattr_on)(WINDOW *, attr_t, void *);
	int (*wattr_off)(WINDOW *, attr_t, void *);
	int (*wrefresh)(WINDOW *);
	int (*getmaxx)(const WINDOW *);
	int (*getmaxy)(const WINDOW *);
	WINDOW **stdscr;
} nc;
static bool open_now;

int term_open(char *why, size_t size)
{
	static struct dynlib lib = { "libncursesw.so.6", "not ncurses 6", NULL };
	static const struct {
		const char *name;
		void **fn;
	} syms[] = {
#define SYM(n) { #n, (void **)&nc.n }
		SYM(initscr), SYM(endwin), SYM(cbreak), SYM(noecho), SYM(keypad), SYM(curs_set), SYM(wtimeout),
		SYM(wgetch), SYM(werase), SYM(mvwaddnstr), SYM(wattr_on), SYM(wattr_off), SYM(wrefresh),
		SYM(getmaxx), SYM(getmaxy), SYM(stdscr),
#undef SYM
	};
	size_t i;
	int r;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(why, size, "the full screen needs a terminal: -b prints plain text for scripts and logs");
		return -ENOTTY;
	}
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++)
		if ((r = dynlib_function(&lib, syms[i].name, syms[i].fn, why, size)) < 0)
			return r;
	if (!nc.initscr()) {
		snprintf(why, size, "ncurses cannot use this terminal (TERM=%s)", getenv("TERM") ? getenv("TERM") : "");
		return -ENOTTY;
	}
	open_now = true;
	nc.cbreak();
	nc.noecho();
	nc.keypad(*nc.stdscr, true);
	nc.curs_set(0);
	return 0;
}

void term_close(void)
{
	if (!open_now)
		return;
	open_now = false;
	nc.curs_set(1);
	nc.endwin();
}

void term_size(int *rows, int *cols)
{
	*rows = nc.getmaxy(*nc.stdscr);
	*cols = nc.getmaxx(*nc.stdscr);
}

void term_clear(void)
{
	nc.werase(*nc.stdscr);
}

void term_line(int row, const char *text, bool bold)
{
	if (bold)
		nc.wattr_on(*nc.stdscr, A_BOLD, NULL);
	nc.mvwaddnstr(*nc.stdscr, row, 0, text, nc.getmaxx(*nc.stdscr));
	if (bold)
		nc.wattr_off(*nc.stdscr, A_BOLD, NULL);
}

void term_show(void)
{
	nc.wrefresh(*nc.stdscr);
}

int term_key(int timeout_ms)
{
	int c;

	nc.wtimeout(*nc.stdscr, timeout_ms);
	c = nc.wgetch(*nc.stdscr);
	return c == ERR ? -1 : c;
}
