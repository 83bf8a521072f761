//go:build amd64 && !purego

#include "textflag.h"

DATA scanConst<>+0(SB)/1, $0x22 // '"'
DATA scanConst<>+1(SB)/1, $0x5c // '\\'
DATA scanConst<>+2(SB)/1, $0x20 // the first byte that is not a control character
GLOBL scanConst<>(SB), RODATA|NOPTR, $8

// SPECIAL sets K1 to the bytes of Z0 that end a plain run of a JSON
// string: '"' (Z1), '\\' (Z2) or below 0x20 (Z3, unsigned).
#define SPECIAL \
	VPCMPEQB Z1, Z0, K1; \
	VPCMPEQB Z2, Z0, K2; \
	VPCMPUB $1, Z3, Z0, K3; \
	KORQ K1, K2, K1; \
	KORQ K1, K3, K1

// TAILMASK sets K4 to the DX low bits (0 < DX < 64), clobbering CX and BX.
#define TAILMASK \
	MOVQ DX, CX; \
	MOVQ $1, BX; \
	SHLQ CX, BX; \
	DECQ BX; \
	KMOVQ BX, K4

// func plainAVX512(p *byte, n int) (i int, hi uint64)
//
// The length of the run of bytes from p on (n at most) without a '"', a
// '\\' or a control character, 64 bytes a step (the last ones with a
// masked load, which reads no byte past p+n), and in hi 0x80 if a byte of
// 0x80 or more was read (those of the step that found the end included),
// else 0.
//
// Registers: SI p, R8 n, AX i, DX bytes left, BX and CX scratch; Z4 the OR
// of the bytes read.
TEXT ·plainAVX512(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), R8
	VPBROADCASTB scanConst<>+0(SB), Z1
	VPBROADCASTB scanConst<>+1(SB), Z2
	VPBROADCASTB scanConst<>+2(SB), Z3
	VPXORQ Z4, Z4, Z4
	XORQ AX, AX

plainLoop:
	MOVQ R8, DX
	SUBQ AX, DX
	CMPQ DX, $64
	JB plainTail
	VMOVDQU8 (SI)(AX*1), Z0
	VPORQ Z0, Z4, Z4
	SPECIAL
	KMOVQ K1, BX
	TESTQ BX, BX
	JNZ plainFound
	ADDQ $64, AX
	JMP plainLoop

plainTail:
	TESTQ DX, DX
	JZ plainNone
	TAILMASK
	VMOVDQU8.Z (SI)(AX*1), K4, Z0
	VPORQ Z0, Z4, Z4
	SPECIAL
	KANDQ K1, K4, K1 // the zeroed bytes past the end read as control characters
	KMOVQ K1, BX
	TESTQ BX, BX
	JNZ plainFound

plainNone:
	MOVQ R8, AX
	JMP plainOut

plainFound:
	BSFQ BX, BX
	ADDQ BX, AX

plainOut:
	MOVQ AX, i+16(FP)
	VPMOVB2M Z4, K5
	KMOVQ K5, BX
	XORQ CX, CX
	TESTQ BX, BX
	JZ plainHi
	MOVQ $0x80, CX

plainHi:
	MOVQ CX, hi+24(FP)
	VZEROUPPER
	RET

// func quoteAVX512(p *byte, n int) int
//
// The length of the run of bytes from p on (n at most) that AppendQuote
// copies as they are: ASCII but '"', '\\' and control characters.
// Registers as in plainAVX512.
TEXT ·quoteAVX512(SB), NOSPLIT, $0-24
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), R8
	VPBROADCASTB scanConst<>+0(SB), Z1
	VPBROADCASTB scanConst<>+1(SB), Z2
	VPBROADCASTB scanConst<>+2(SB), Z3
	XORQ AX, AX

quoteLoop:
	MOVQ R8, DX
	SUBQ AX, DX
	CMPQ DX, $64
	JB quoteTail
	VMOVDQU8 (SI)(AX*1), Z0
	SPECIAL
	VPMOVB2M Z0, K5
	KORQ K1, K5, K1
	KMOVQ K1, BX
	TESTQ BX, BX
	JNZ quoteFound
	ADDQ $64, AX
	JMP quoteLoop

quoteTail:
	TESTQ DX, DX
	JZ quoteNone
	TAILMASK
	VMOVDQU8.Z (SI)(AX*1), K4, Z0
	SPECIAL
	VPMOVB2M Z0, K5
	KORQ K1, K5, K1
	KANDQ K1, K4, K1
	KMOVQ K1, BX
	TESTQ BX, BX
	JNZ quoteFound

quoteNone:
	MOVQ R8, AX
	JMP quoteOut

quoteFound:
	BSFQ BX, BX
	ADDQ BX, AX

quoteOut:
	MOVQ AX, ret+16(FP)
	VZEROUPPER
	RET
