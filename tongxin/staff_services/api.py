from ninja import Router

router = Router(tags=["staff_services"])
