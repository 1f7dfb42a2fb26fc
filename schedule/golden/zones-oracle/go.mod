module cronlog.io/zones-oracle

go 1.19
