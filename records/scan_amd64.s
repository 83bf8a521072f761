//go:build amd64 && !purego

#include "textflag.h"

DATA scanConst<>+0(SB)/1, $0x22 // '"'
DATA scanConst<>+1(SB)/1, $0x5c // '\\'
DATA scanConst<>+2(SB)/1, $0x20 // the first byte that is not a control character
GLOBL scanConst<>(SB), RODATA|NOPTR, $8

// STOPS sets K1 to the bytes of Z0 that end the run: '"' (Z1), '\\' (Z2),
// below 0x20 (Z3, unsigned), and those of 0x80 or more if K6 is all ones.
#define STOPS \
	VPCMPEQB Z1, Z0, K1; \
	VPCMPEQB Z2, Z0, K2; \
	VPCMPUB $1, Z3, Z0, K3; \
	VPMOVB2M Z0, K5; \
	KANDQ K5, K6, K5; \
	KORQ K1, K2, K1; \
	KORQ K1, K3, K1; \
	KORQ K1, K5, K1

// func scanAVX512(p *byte, n int, high uint64) (i int, hi uint64)
//
// The length of the run of bytes from p on (n at most) without a '"', a
// '\\', a control character, or (if high is all ones; it is 0 or all
// ones) a byte of 0x80 or more, 64 bytes a step (the last ones with a
// masked load, which reads no byte past p+n); and in hi 0x80 if a byte
// of 0x80 or more was read (those of the step that found the end
// included), else 0.
//
// Registers: SI p, R8 n, AX i, DX bytes left, BX and CX scratch; Z4 the OR
// of the bytes read, K6 high.
TEXT ·scanAVX512(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), R8
	KMOVQ high+16(FP), K6
	VPBROADCASTB scanConst<>+0(SB), Z1
	VPBROADCASTB scanConst<>+1(SB), Z2
	VPBROADCASTB scanConst<>+2(SB), Z3
	VPXORQ Z4, Z4, Z4
	XORQ AX, AX

loop:
	MOVQ R8, DX
	SUBQ AX, DX
	CMPQ DX, $64
	JB tail
	VMOVDQU8 (SI)(AX*1), Z0
	VPORQ Z0, Z4, Z4
	STOPS
	KMOVQ K1, BX
	TESTQ BX, BX
	JNZ found
	ADDQ $64, AX
	JMP loop

tail:
	TESTQ DX, DX
	JZ none
	MOVQ DX, CX // K4: the DX low bits (0 < DX < 64)
	MOVQ $1, BX
	SHLQ CX, BX
	DECQ BX
	KMOVQ BX, K4
	VMOVDQU8.Z (SI)(AX*1), K4, Z0
	VPORQ Z0, Z4, Z4
	STOPS
	KANDQ K1, K4, K1 // the zeroed bytes past the end read as control characters
	KMOVQ K1, BX
	TESTQ BX, BX
	JNZ found

none:
	MOVQ R8, AX
	JMP out

found:
	BSFQ BX, BX
	ADDQ BX, AX

out:
	MOVQ AX, i+24(FP)
	VPMOVB2M Z4, K5
	KMOVQ K5, BX
	XORQ CX, CX
	TESTQ BX, BX
	JZ done
	MOVQ $0x80, CX

done:
	MOVQ CX, hi+32(FP)
	VZEROUPPER
	RET
