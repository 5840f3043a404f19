/*
 * ctype.c -- the byte-class table that replaces <ctype.h>, so that no
 * answer depends on the locale and every byte above 0x7F is in no class.
 *
 * RCVD_C_SAFE is the set of bytes that the composer may leave unencoded in
 * the one-token text it makes from client-chosen input (everything else is
 * percent-encoded). It is deliberately smaller than atext:
 *
 *   SAFE = ALPHA DIGIT - . _ @ + / ! # $ & * ? ^ { | } ~
 *
 * Left out, besides space, controls, DEL and 8-bit octets:
 *   %                the escape byte itself, so the encoding stays lossless;
 *   ( ) [ ] < > ; " \  they delimit comments, literals, paths, the date and
 *                    quoted strings, so they could end the token early;
 *   =  ,  :          regex readers key on "name=value", comma lists and
 *                    "AUTH: ..." (Courier) inside comments;
 *   '  `             quote-like bytes some readers strip or pair up.
 * Encoding one of these costs two bytes; letting one through can hand a
 * reader a clause we did not write.
 */
#include "internal.h"

#define A RCVD_C_ALPHA
#define D RCVD_C_DIGIT
#define H RCVD_C_HEX
#define T RCVD_C_ATEXT
#define W RCVD_C_WSP
#define C RCVD_C_CTEXT
#define S RCVD_C_SAFE
#define V RCVD_C_VCHAR

#define DIG (D | H | T | C | S | V)     /* 0-9 */
#define HEXL (A | H | T | C | S | V)    /* A-F a-f */
#define LET (A | T | C | S | V)         /* other letters */
#define PSAFE (T | C | S | V)           /* atext punctuation that is SAFE */
#define PATEXT (T | C | V)              /* atext punctuation that is not */
#define PCTEXT (C | V)                  /* specials allowed in a comment */

const unsigned char rcvd_i_class[256] = {
	/* 00-07 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 08-0F HT at 09 */ 0, W, 0, 0, 0, 0, 0, 0,
	/* 10-17 */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* 18-1F */ 0, 0, 0, 0, 0, 0, 0, 0,
	/* SP ! " # $ % & ' */
	W, PSAFE, PCTEXT, PSAFE, PSAFE, PATEXT, PSAFE, PATEXT,
	/* ( ) * + , - . / */
	V, V, PSAFE, PSAFE, PCTEXT, PSAFE, PCTEXT | S, PSAFE,
	/* 0 1 2 3 4 5 6 7 */
	DIG, DIG, DIG, DIG, DIG, DIG, DIG, DIG,
	/* 8 9 : ; < = > ? */
	DIG, DIG, PCTEXT, PCTEXT, PCTEXT, PATEXT, PCTEXT, PSAFE,
	/* @ A B C D E F G */
	PCTEXT | S, HEXL, HEXL, HEXL, HEXL, HEXL, HEXL, LET,
	/* H I J K L M N O */
	LET, LET, LET, LET, LET, LET, LET, LET,
	/* P Q R S T U V W */
	LET, LET, LET, LET, LET, LET, LET, LET,
	/* X Y Z [ \ ] ^ _ */
	LET, LET, LET, PCTEXT, V, PCTEXT, PSAFE, PSAFE,
	/* ` a b c d e f g */
	PATEXT, HEXL, HEXL, HEXL, HEXL, HEXL, HEXL, LET,
	/* h i j k l m n o */
	LET, LET, LET, LET, LET, LET, LET, LET,
	/* p q r s t u v w */
	LET, LET, LET, LET, LET, LET, LET, LET,
	/* x y z { | } ~ DEL */
	LET, LET, LET, PSAFE, PSAFE, PSAFE, PSAFE, 0
	/* 80-FF: zero (static initialisation fills the rest) */
};
