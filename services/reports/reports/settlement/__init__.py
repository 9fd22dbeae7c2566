"""The settlement reports' one code path: the query (service.py) and the routes (router.py) of
医院结算报表 and 陪诊结算报表."""
