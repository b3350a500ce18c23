# shellcheck shell=sh
# measures.sh: the measures of the published indicator table (tabel
# indikator), as padu-aggregate options, over rows classified with the
# shipped codebook (pipelines/codebook/klaten.json).  Sourced by pipelines
# and tests:  . pipelines/lib/measures.sh; rt_measures; jiwa_measures
# Each function prints one --measure=SPEC option per line; read them with
#   mapfile -t m < <(rt_measures); padu-aggregate ... "${m[@]}"

rt_measures() {
	echo "--measure=rt_total=count()"
	for d in 1 2 3 4 1_4 gt4 na; do
		echo "--measure=rt_desil_$d=count_if(desil_$d=1)"
	done
	echo "--measure=rt_data_rumah=count_if(data_rumah=1)"
	for i in lantai_tanah dinding_buruk tanpa_listrik air_tidak_layak \
	    masak_kayu_arang_minyak tanpa_jamban_sendiri; do
		echo "--measure=rt_$i=count_if($i=1)"
	done
	echo "--measure=rt_data_bantuan=count_if(data_bantuan=1)"
	for p in pkh:penerima_pkh bpnt_sembako:penerima_bpnt_sembako \
	    pbi:penerima_pbi bantuan:penerima_bantuan; do
		name=${p%%:*} ind=${p#*:}
		echo "--measure=rt_$name=count_if($ind=1)"
		for d in 1 2 3 4; do
			echo "--measure=rt_${name}_desil_$d=count_if($ind=1 AND desil_$d=1)"
		done
		echo "--measure=rt_${name}_desil_gt4=count_if($ind=1 AND desil_gt4=1)"
	done
	echo "--measure=rt_desil_1_2_tanpa_bantuan=count_if(dugaan_exclusion_error=1)"
}

jiwa_measures() {
	echo "--measure=jiwa_total=count()"
	for d in 1 2 3 4 1_4 gt4 na; do
		echo "--measure=jiwa_desil_$d=count_if(desil_$d=1)"
	done
}
