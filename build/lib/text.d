build/lib/text.o: lib/text.c lib/text.h lib/wm.h
lib/text.h:
lib/wm.h:
