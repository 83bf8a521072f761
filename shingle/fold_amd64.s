//go:build amd64 && !purego

#include "textflag.h"

// The 64 bytes of a block in four vectors of 16. PCMPGTB compares signed
// bytes, so a byte of 0x80 or more is below every ASCII bound and is
// neither a letter nor a digit; PMOVMSKB of the input gathers exactly
// those bytes (sp).
//
// Registers: SI blk, DI low, R8 word mask, R9 non-ASCII bytes, R10 digits,
// R11 apostrophes; X8 0x20, X9 'a'-1, X10 'z'+1, X11 '0'-1, X12 '9'+1,
// X13 '\''.

#define SPLAT(c, x) MOVQ c, AX; MOVQ AX, x; PUNPCKLQDQ x, x

#define CHUNK(off, sh) \
	MOVOU off(SI), X0; \
	MOVO X0, X1; \
	POR X8, X1; \
	MOVOU X1, off(DI); \
	MOVO X1, X2; \
	PCMPGTB X9, X2; \
	MOVO X10, X3; \
	PCMPGTB X1, X3; \
	PAND X3, X2; \
	MOVO X0, X4; \
	PCMPGTB X11, X4; \
	MOVO X12, X5; \
	PCMPGTB X0, X5; \
	PAND X5, X4; \
	POR X4, X2; \
	PMOVMSKB X2, AX; \
	SHLQ $sh, AX; \
	ORQ AX, R8; \
	PMOVMSKB X4, AX; \
	ORQ AX, R10; \
	PMOVMSKB X0, AX; \
	ORQ AX, R9; \
	PCMPEQB X13, X0; \
	PMOVMSKB X0, AX; \
	SHLQ $sh, AX; \
	ORQ AX, R11

// func foldBlockMasks(blk, low *[64]byte, dm uint64) (w, sp, ap uint64)
TEXT ·foldBlockMasks(SB), NOSPLIT, $0-48
	MOVQ blk+0(FP), SI
	MOVQ low+8(FP), DI
	SPLAT($0x2020202020202020, X8)
	SPLAT($0x6060606060606060, X9)
	SPLAT($0x7b7b7b7b7b7b7b7b, X10)
	SPLAT($0x2f2f2f2f2f2f2f2f, X11)
	SPLAT($0x3a3a3a3a3a3a3a3a, X12)
	SPLAT($0x2727272727272727, X13)
	XORQ R8, R8
	XORQ R9, R9
	XORQ R10, R10
	XORQ R11, R11
	CHUNK(0, 0)
	CHUNK(16, 16)
	CHUNK(32, 32)
	CHUNK(48, 48)
	ANDQ dm+16(FP), R10
	ORQ  R10, R9
	MOVQ R8, w+24(FP)
	MOVQ R9, sp+32(FP)
	MOVQ R11, ap+40(FP)
	RET
