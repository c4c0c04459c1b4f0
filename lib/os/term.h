/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The full-screen terminal (ncurses), opened when `top` first needs it. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/*
 * ncurses draws top's screen: it knows every terminal (terminfo), and
 * puts the terminal back as it found it. Like libsystemd and libbpf it is
 * opened (dlopen) only by the command that draws, so that no other command
 * loads it at start. The text given is printed as it is: escape what came
 * from a record or /proc first (text_escape).
 */

/* Full screen, keys read one at a time without echo, no cursor: 0, or
 * -errno with why (no ncurses, not a terminal). */
int term_open(char *why, size_t size);
/* The terminal as it was; again, or without term_open, nothing. */
void term_close(void);
void term_size(int *rows, int *cols);
void term_clear(void);
/* text at row, cut at the screen's width; bold for headers. */
void term_line(int row, const char *text, bool bold);
void term_show(void);
/* A key pressed within timeout_ms, or -1. */
int term_key(int timeout_ms);
