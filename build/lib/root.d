build/lib/root.o: lib/root.c lib/root.h lib/buf.h lib/wm.h lib/text.h
lib/root.h:
lib/buf.h:
lib/wm.h:
lib/text.h:
