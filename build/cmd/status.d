build/cmd/status.o: cmd/status.c cmd/cmd.h lib/out.h lib/wm.h lib/root.h \
 lib/buf.h
cmd/cmd.h:
lib/out.h:
lib/wm.h:
lib/root.h:
lib/buf.h:
