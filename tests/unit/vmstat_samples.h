/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every real vmstat sample, oldest kernel first (test_vmstat_memo.c
 * counts on the order): for test_vmstat.c, test_vmstat_only.c and
 * test_vmstat_memo.c.
 */
#ifndef WMTUNE_TESTS_VMSTAT_SAMPLES_H
#define WMTUNE_TESTS_VMSTAT_SAMPLES_H

static const char *const samples[] = {
	"samples/vmstat/2.6.15-rc2-numa-lkml.vmstat",
	"samples/vmstat/2.6.16-embedded.vmstat",
	"samples/vmstat/android-3.4.5-highmem.vmstat",
	"samples/vmstat/arm-4.4.0-xilinx-cma.vmstat",
	"samples/vmstat/debian11-5.10.84-x86_64-2cpu.vmstat",
	"samples/vmstat/rhel8-4.18.0-80-x86_64-sosreport.vmstat",
	"samples/vmstat/ubuntu-3.2.0-58-x86_64.vmstat",
	"samples/lab-6.1/6.1.192-debian-qemu-256M.vmstat",
	"samples/local/linux-6.18.44-fc-v857.vmstat",
};

#endif
