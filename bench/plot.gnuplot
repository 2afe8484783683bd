# bench/plot.gnuplot: latency percentiles of the side-by-side benchmark (bench/run.sh).
# Usage: gnuplot -e "datafile='latency.dat'; outfile='latency.png'; subtitle='...'" bench/plot.gnuplot
# datafile columns: label, x = 1/(1-p) (2 = p50, 100 = p99, 1000 = p99.9; "max" drawn at 10000),
# echo corio, echo node, fanout corio, fanout node (milliseconds; NaN = not measured).
# has_echo / has_fanout (1) = 0 leaves a panel out (a scenario not run).
if (!exists("datafile")) datafile = 'build/bench/latency.dat'
if (!exists("outfile")) outfile = 'build/bench/latency.png'
if (!exists("subtitle")) subtitle = ''
if (!exists("has_echo")) has_echo = 1
if (!exists("has_fanout")) has_fanout = 1

set terminal pngcairo size 1200,520 font "sans,10"
set output outfile
set datafile missing "NaN"
set multiplot layout 1,(has_echo + has_fanout > 0 ? has_echo + has_fanout : 1) title "corio vs Node (Express 5 + Socket.IO 4): latency percentiles\n".subtitle
set logscale xy
set xrange [1.5:15000]
set xtics ("p50" 2, "p90" 10, "p99" 100, "p99.9" 1000, "max" 10000)
set ylabel "latency (ms, log scale)"
set xlabel "percentile"
set grid xtics ytics mytics
set key top left
set style line 1 lc rgb "#1f77b4" lw 2 pt 7 ps 1.2
set style line 2 lc rgb "#d62728" lw 2 pt 5 ps 1.2

if (has_echo) {
set title "echo: ping -> ack (closed loop)"
plot datafile using 2:3 with linespoints ls 1 title "corio", \
     ''       using 2:4 with linespoints ls 2 title "Node", \
     ''       using 2:3:(sprintf("%.3g", $3)) with labels offset char 0,-1 tc rgb "#1f77b4" notitle, \
     ''       using 2:4:(sprintf("%.3g", $4)) with labels offset char 0,1 tc rgb "#d62728" notitle
}

if (has_fanout) {
set title "fanout: send -> delivery to every receiver"
plot datafile using 2:5 with linespoints ls 1 title "corio", \
     ''       using 2:6 with linespoints ls 2 title "Node", \
     ''       using 2:5:(sprintf("%.3g", $5)) with labels offset char 0,-1 tc rgb "#1f77b4" notitle, \
     ''       using 2:6:(sprintf("%.3g", $6)) with labels offset char 0,1 tc rgb "#d62728" notitle
}
unset multiplot
