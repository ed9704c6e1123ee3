build/lib/out.o: lib/out.c lib/out.h lib/wm.h
lib/out.h:
lib/wm.h:
