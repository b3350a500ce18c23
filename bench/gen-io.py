#!/usr/bin/env python3
"""gen-io.py: write a benchmark's CSV.  Deterministic: the same arguments
give the same bytes.

    python3 bench/gen-io.py N              # bench-io, bench-parse
    python3 bench/gen-io.py --canonical N  # bench-clean, bench-dedupe

The default is the I/O benchmark's raw export: N DTKS-like person rows
(18 columns, quoted addresses with commas, ~250 bytes a row: 2M rows are
~500 MB).

--canonical writes a canonical stream (what padu-parse emits, before
padu-clean) of N person rows as sources type them: _src and _row, names
with untidy spacing and mixed case, real Klaten kecamatan and desa names
(pipelines/ref/klaten/regions.csv) in upper, title or lower case, some with
doubled spaces or a letter missing, birth dates as "21/06/1950 0:00:00",
"1950-06-21" or "21-06-1950", incomes as "Rp 1.250.000,-", yes/no answers
as Ya/TIDAK/Y/0, sex as PEREMPUAN/L/Laki laki.  About 30% of the rows
repeat the NIK of an earlier person (the same person listed again, maybe
spelled otherwise): the exact-key dedupe benchmark's duplicates.  The
first 60% of rows are _src dtks, the rest p3ke_individu (_row counts within
each).  ~250 bytes a row: 2M rows are ~500 MB.
"""
import os
import random
import sys


def io_rows(n):
    r = random.Random(12)
    first = ["Siti", "Sri", "Budi", "Agus", "Muhammad", "Dwi", "Eko", "Tri", "Joko", "Wahyu"]
    last = ["Aminah", "Rahayu", "Santoso", "Setiawan", "Lestari", "Susanti", "Prasetyo", "Wibowo"]
    desa = ["SENGON", "CUCUKAN", "KEBON DALEM KIDUL", "KAUMAN", "JEBLOG", "GUNUNGGAJAH"]
    out = sys.stdout
    out.write("iddtks,provinsi,kabupaten_kota,kecamatan,desa_kelurahan,alamat,dusun,rt,rw,"
              "nomor_kk,nomor_nik,nama,tanggal_lahir,tempat_lahir,jenis_kelamin,"
              "nama_ibu_kandung,hubungan_keluarga,desil\n")
    buf = []
    for i in range(n):
        d = r.randrange(1, 29)
        buf.append('%d,JAWA TENGAH,KLATEN,KECAMATAN %d,%s,"JL. MAWAR NO. %d, RT %03d/RW %03d, DUSUN KRAJAN LOR, DESA %s, KABUPATEN KLATEN, JAWA TENGAH",'
                   'DUSUN %d,%03d,%03d,3310%02d%010d,3310%02d%02d%02d%02d%04d,%s %s,%02d-%02d-19%02d,'
                   'KLATEN,%s,%s %s,%d,%d\n' % (
                       1000000 + i, 1 + i % 26, r.choice(desa), i % 97, i % 20, i % 9, r.choice(desa),
                       i % 7, i % 20, i % 9, 1 + i % 26, i, 1 + i % 26, d, 1 + i % 12, 60 + i % 40,
                       i % 10000, r.choice(first), r.choice(last), d, 1 + i % 12, 60 + i % 40,
                       "L" if i % 2 else "P", r.choice(first), r.choice(last), 1 + i % 8, 1 + i % 10))
        if len(buf) == 10000:
            out.write("".join(buf))
            buf = []
    out.write("".join(buf))


FIRST_L = ["Budi", "Agus", "Muhammad", "Eko", "Joko", "Wahyu", "Bambang", "Slamet", "Sugeng",
           "Suparman", "Heru", "Darmaji", "Sukirno", "Paiman", "Tukiman", "Yohanes", "Ahmad",
           "Rudi", "Teguh", "Djoko"]
FIRST_P = ["Siti", "Sri", "Dwi", "Tri", "Sumiyati", "Tumini", "Djuwariyah", "Suparmi", "Wartini",
           "Endang", "Ngatinah", "Sulastri", "Rini", "Yuliana", "Mariyem", "Painem", "Sarinah",
           "Dewi", "Ani", "Murni"]
LAST = ["Aminah", "Rahayu", "Santoso", "Setiawan", "Lestari", "Susanti", "Prasetyo", "Wibowo",
        "Purnomo", "Hartono", "Suryani", "Wulandari", "Nugroho", "Kurniawan", "Handayani",
        "Widodo", "Saputra", "Utami", "Hidayat", "Sutrisno", "", "", "", ""]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
YESNO = ["Ya", "YA", "Tidak", "TIDAK", "Y", "N", "1", "0", " ya ", "tidak "]
SEX = {"L": ["LAKI-LAKI", "LAKI-LAKI", "L", "Laki laki"], "P": ["PEREMPUAN", "PEREMPUAN", "P", "Perempuan"]}
HUB = ["KEPALA KELUARGA", "ISTRI", "ANAK", "ANAK", "Anak", "CUCU", "Famili lain", "ORANG TUA",
       "MENANTU"]


def untidy(r, s):
    """s as a clerk might type it: case and spacing vary."""
    c = r.random()
    if c < 0.5:
        s = s.upper()
    elif c < 0.6:
        s = s.lower()
    elif c < 0.75:
        s = " ".join(w.upper() if r.random() < 0.5 else w.lower() for w in s.split(" "))
    if r.random() < 0.25:
        s = s.replace(" ", "  ", 1)
    if r.random() < 0.15:
        s = " " + s
    if r.random() < 0.2:
        s = s + "  "
    return s


def region_name(r, s):
    """A desa or kecamatan name as typed: mostly upper, some title or lower
    case, some with a doubled space or a letter missing."""
    c = r.random()
    if c < 0.05 and len(s) >= 7:
        k = r.randrange(2, len(s) - 2)
        if s[k] != " " and s[k - 1] != " ":
            s = s[:k] + s[k + 1:]
    c = r.random()
    if c < 0.6:
        s = s.upper()
    elif c < 0.65:
        s = s.lower()
    if r.random() < 0.05:
        s = s.replace(" ", "  ") if " " in s else " " + s
    return s


def canonical_rows(n):
    here = os.path.dirname(os.path.abspath(__file__))
    ref = os.path.join(here, "..", "pipelines", "ref", "klaten", "regions.csv")
    kec, desa = {}, []
    for line in open(ref, encoding="utf-8").read().splitlines()[1:]:
        kode, tingkat, induk, nama = line.split(",")[:4]
        if tingkat == "kecamatan":
            kec[kode] = nama
        elif tingkat == "desa":
            desa.append((kode, induk, nama))
    r = random.Random(3310)
    out = sys.stdout
    out.write("_src,_row,id_sumber,provinsi,kabupaten_kota,kecamatan,desa_kelurahan,alamat,dusun,"
              "rt,rw,no_kk,nik,nama,tanggal_lahir,tempat_lahir,jenis_kelamin,nama_ibu_kandung,"
              "hubungan_keluarga,desil,pendapatan,pkh,bpnt\n")
    persons = []        # (nik, kk, sex, y, m, d, nama, desa index, ibu)
    serial = {}
    kk = None
    ndtks = n * 6 // 10
    buf = []
    for i in range(n):
        if persons and r.random() < 0.3:
            p = persons[r.randrange(len(persons))]
        else:
            sex = "L" if r.random() < 0.5 else "P"
            y, m, d = r.randrange(1930, 2020), r.randrange(1, 13), r.randrange(1, 29)
            di = r.randrange(len(desa))
            kc = int(desa[di][1][-2:])
            key = (kc, y, m, d, sex)
            serial[key] = s = serial.get(key, 0) + 1
            nik = "3310%02d%02d%02d%02d%04d" % (kc, d + (40 if sex == "P" else 0), m, y % 100, s)
            if kk is None or r.random() < 0.4:
                kk = "3310%02d%02d%02d%02d%04d" % (kc, r.randrange(1, 29), r.randrange(1, 13),
                                                   r.randrange(5, 24), r.randrange(1, 10000))
            nama = r.choice(FIRST_L if sex == "L" else FIRST_P)
            last = r.choice(LAST)
            if last:
                nama += " " + last
            ibu = r.choice(FIRST_P) + " " + r.choice(LAST[:20])
            p = (nik, kk, sex, y, m, d, nama, di, ibu)
            persons.append(p)
        nik, pkk, sex, y, m, d, nama, di, ibu = p
        kode, induk, dnama = desa[di]
        c = r.random()
        if c < 0.6:
            tgl = "%02d/%02d/%d 0:00:00" % (d, m, y)
        elif c < 0.8:
            tgl = "%d-%02d-%02d" % (y, m, d)
        elif c < 0.95:
            tgl = "%02d-%02d-%d" % (d, m, y)
        else:
            tgl = "%d %s %d" % (d, MONTHS[m - 1], y)
        inc = r.randrange(0, 100) * 50000
        c = r.random()
        if c < 0.4:
            pend = "Rp %s,-" % format(inc, ",").replace(",", ".")
        elif c < 0.6:
            pend = "Rp. %s" % format(inc, ",").replace(",", ".")
        elif c < 0.8:
            pend = "%s,00" % format(inc, ",").replace(",", ".")
        else:
            pend = str(inc)
        if "," in pend:
            pend = '"%s"' % pend
        src, row = ("dtks", i + 1) if i < ndtks else ("p3ke_individu", i - ndtks + 1)
        rt, rw = r.randrange(1, 20), r.randrange(1, 10)
        buf.append('%s,%d,%d,%s,%s,%s,%s,"DK. %s, RT %03d/RW %03d, DESA %s",DUSUN %d,%03d,%03d,'
                   '%s,%s,%s,%s,KLATEN,%s,%s,%s,%d,%s,%s,%s\n' % (
                       src, row, 100000000 + i, r.choice(["JAWA TENGAH", "Jawa Tengah", "JAWA  TENGAH"]),
                       r.choice(["KAB. KLATEN", "KLATEN", "Kabupaten Klaten"]),
                       region_name(r, kec[induk]), region_name(r, dnama),
                       dnama.upper(), rt, rw, dnama.upper(), 1 + i % 9, rt, rw,
                       pkk, nik, untidy(r, nama), tgl, r.choice(SEX[sex]), untidy(r, ibu),
                       r.choice(HUB), r.choice([1, 1, 2, 2, 3, 4, 5, 7]), pend, r.choice(YESNO),
                       r.choice(YESNO)))
        if len(buf) == 10000:
            out.write("".join(buf))
            buf = []
    out.write("".join(buf))


if len(sys.argv) == 3 and sys.argv[1] == "--canonical":
    canonical_rows(int(sys.argv[2]))
else:
    io_rows(int(sys.argv[1]))
