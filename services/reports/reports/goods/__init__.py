"""商品报表 and 商品品牌报表: mall orders settled, per goods and per brand."""
