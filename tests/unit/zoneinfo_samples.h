/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every real zoneinfo sample: for test_zoneinfo.c and test_zonescan.c. */
#ifndef WMTUNE_TESTS_ZONEINFO_SAMPLES_H
#define WMTUNE_TESTS_ZONEINFO_SAMPLES_H

static const char *const samples[] = {
	"samples/zoneinfo/2.6.15-rc2-numa-2node-lkml.zoneinfo",
	"samples/zoneinfo/2.6.16-embedded.zoneinfo",
	"samples/zoneinfo/android-3.4.5-highmem.zoneinfo",
	"samples/zoneinfo/arm-4.4.0-xilinx-cma.zoneinfo",
	"samples/zoneinfo/debian11-5.10.84-x86_64-2cpu.zoneinfo",
	"samples/zoneinfo/rhel8-4.18.0-80-x86_64-sosreport.zoneinfo",
	"samples/zoneinfo/ubuntu-3.2.0-58-x86_64.zoneinfo",
	"samples/lab-6.1/6.1.192-debian-qemu-256M.zoneinfo",
	"samples/local/linux-6.18.44-fc-v857.zoneinfo",
};

#endif
