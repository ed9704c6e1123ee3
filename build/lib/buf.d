build/lib/buf.o: lib/buf.c lib/buf.h lib/wm.h
lib/buf.h:
lib/wm.h:
