build/cmd/common.o: cmd/common.c cmd/cmd.h lib/out.h lib/wm.h lib/root.h \
 lib/buf.h lib/text.h
cmd/cmd.h:
lib/out.h:
lib/wm.h:
lib/root.h:
lib/buf.h:
lib/text.h:
