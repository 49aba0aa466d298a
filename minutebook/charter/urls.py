from django.urls import path

from minutebook.charter import views

app_name = "charter"
urlpatterns = [
    path("charter/", views.charter_page, name="charter"),
    path("charter/versions/", views.version_list, name="versions"),
    path("charter/versions/<int:number>/", views.version_detail, name="version"),
    path("units/", views.unit_tree_page, name="units"),
]
