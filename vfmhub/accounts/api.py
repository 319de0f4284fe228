from ninja import Router, Schema

router = Router(tags=["people"])


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    is_staff: bool


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request):
    return request.user
