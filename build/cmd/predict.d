build/cmd/predict.o: cmd/predict.c cmd/cmd.h lib/out.h lib/wm.h \
 lib/root.h lib/buf.h
cmd/cmd.h:
lib/out.h:
lib/wm.h:
lib/root.h:
lib/buf.h:
