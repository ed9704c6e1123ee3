build/tests/test_text: tests/unit/test_text.c tests/unit/unit.h lib/buf.h \
 lib/wm.h lib/text.h
tests/unit/unit.h:
lib/buf.h:
lib/wm.h:
lib/text.h:
