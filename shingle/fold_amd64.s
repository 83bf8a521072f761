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

// The bytes that foldRunAVX512 and whitespaceRunAVX512 compare with.
DATA runConst<>+0(SB)/1, $0x20  // the case bit
DATA runConst<>+1(SB)/1, $0x61  // 'a'
DATA runConst<>+2(SB)/1, $0x1a  // 26 letters
DATA runConst<>+3(SB)/1, $0x30  // '0'
DATA runConst<>+4(SB)/1, $0x0a  // 10 digits
DATA runConst<>+5(SB)/1, $0x27  // '\''
DATA runConst<>+6(SB)/1, $0x20  // ' '
DATA runConst<>+7(SB)/1, $0x09  // '\t'
DATA runConst<>+8(SB)/1, $0x05  // '\t' to '\r'
DATA runConst<>+9(SB)/1, $0x41  // 'A'
GLOBL runConst<>(SB), RODATA|NOPTR, $16

// The parts foldRunAVX512 and whitespaceRunAVX512 share. Registers: SI
// blk, DI low, R8 wbits, CX blocks left, DX dm, R10 blocks done; Z11 '0',
// Z12 10.

// RUNARGS loads the arguments and the digit bounds.
#define RUNARGS \
	MOVQ blk+0(FP), SI; \
	MOVQ low+8(FP), DI; \
	MOVQ wbits+16(FP), R8; \
	MOVQ nb+24(FP), CX; \
	MOVQ dm+32(FP), DX; \
	VPBROADCASTB runConst<>+3(SB), Z11; \
	VPBROADCASTB runConst<>+4(SB), Z12; \
	XORQ R10, R10

// CLASSES sets K2 to the digits of the block in Z0 and K3 to its bytes of
// 0x80 or more.
#define CLASSES \
	VPSUBB Z11, Z0, Z3; \
	VPCMPUB $1, Z12, Z3, K2; \
	VPMOVB2M Z0, K3

// STOP jumps to out if the block has a digit that dm masks (K2), a byte
// of 0x80 or more (K3) or a byte of the mode's own class (K4).
#define STOP(out) \
	KMOVQ K2, AX; \
	ANDQ DX, AX; \
	KMOVQ K3, BX; \
	ORQ BX, AX; \
	KMOVQ K4, BX; \
	ORQ BX, AX; \
	JNZ out

// RUNOUT returns the blocks done.
#define RUNOUT \
	VZEROUPPER; \
	MOVQ R10, ret+40(FP); \
	RET

// NEXT stores the word mask K5 and goes on with the next block.
#define NEXT(loop) \
	KMOVQ K5, AX; \
	MOVQ AX, (R8); \
	ADDQ $64, SI; \
	ADDQ $64, DI; \
	ADDQ $8, R8; \
	INCQ R10; \
	JMP loop

// func foldRunAVX512(blk, low *byte, wbits *uint64, nb int, dm uint64) int
//
// foldBlockMasks for the nb blocks of 64 bytes from blk on, one vector a
// block with the byte classes in mask registers, up to the first block
// with a byte of 0x80 or more, a digit if dm is all ones, or an
// apostrophe: it writes low and wbits for the blocks before that one and
// returns their number.
//
// Registers: as above; Z8 0x20, Z9 'a', Z10 26, Z13 '\''.
TEXT ·foldRunAVX512(SB), NOSPLIT, $0-48
	RUNARGS
	VPBROADCASTB runConst<>+0(SB), Z8
	VPBROADCASTB runConst<>+1(SB), Z9
	VPBROADCASTB runConst<>+2(SB), Z10
	VPBROADCASTB runConst<>+5(SB), Z13

foldLoop:
	CMPQ R10, CX
	JAE out
	VMOVDQU8 (SI), Z0
	CLASSES
	VPCMPEQB Z13, Z0, K4    // apostrophes
	STOP(out)
	VPORQ Z8, Z0, Z1
	VMOVDQU8 Z1, (DI)
	VPSUBB Z9, Z1, Z2
	VPCMPUB $1, Z10, Z2, K1 // letters: low - 'a' < 26
	KORQ K1, K2, K5
	NEXT(foldLoop)

out:
	RUNOUT

// func whitespaceRunAVX512(blk, low *byte, wbits *uint64, nb int, dm uint64) int
//
// whitespaceBlock for the nb blocks of 64 bytes from blk on, up to the
// first block with a byte of 0x80 or more, a NUL, or a digit if dm is all
// ones: it writes low and wbits for the blocks before that one and
// returns their number.
//
// Registers: as above; Z8 0x20, Z9 'A', Z10 26, Z13 ' ', Z14 '\t', Z15 5.
TEXT ·whitespaceRunAVX512(SB), NOSPLIT, $0-48
	RUNARGS
	VPBROADCASTB runConst<>+0(SB), Z8
	VPBROADCASTB runConst<>+9(SB), Z9
	VPBROADCASTB runConst<>+2(SB), Z10
	VPBROADCASTB runConst<>+6(SB), Z13
	VPBROADCASTB runConst<>+7(SB), Z14
	VPBROADCASTB runConst<>+8(SB), Z15

wsLoop:
	CMPQ R10, CX
	JAE out
	VMOVDQU8 (SI), Z0
	CLASSES
	VPTESTNMB Z0, Z0, K4    // NUL bytes
	STOP(out)
	VPSUBB Z9, Z0, Z2
	VPCMPUB $1, Z10, Z2, K1 // upper case: blk - 'A' < 26
	VMOVDQA64 Z0, Z1
	VPADDB Z8, Z0, K1, Z1   // upper case + 0x20, the rest as in blk
	VMOVDQU8 Z1, (DI)
	VPCMPEQB Z13, Z0, K5    // ' '
	VPSUBB Z14, Z0, Z4
	VPCMPUB $1, Z15, Z4, K6 // '\t' to '\r'
	KORQ K5, K6, K5
	KNOTQ K5, K5
	NEXT(wsLoop)

out:
	RUNOUT
