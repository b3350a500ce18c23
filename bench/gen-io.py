#!/usr/bin/env python3
"""gen-io.py: write the I/O benchmark's CSV: N DTKS-like person rows
(18 columns, quoted addresses with commas, ~250 bytes a row: 2M rows
are ~500 MB).
Deterministic: the same N gives the same bytes.
    python3 bench/gen-io.py 2000000 > bench/data/io-v2-2000000.csv
"""
import random
import sys

n = int(sys.argv[1])
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
